package dev.pdsaccounts.benchmarks.jmh;

import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Access-token verification against the raw HMAC-SHA256 it is built on. {@link #rawHmac} MACs the
 * {@code header.payload} signing input of a real access token (about 200 bytes) with a per-thread, already
 * keyed {@link Mac}: the floor any verification pays. {@link #verifyAccessToken} is the library's full check
 * (split, base64url, JSON, signature, {@code typ}, {@code aud}, {@code exp}, scope).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class TokenBenchmarks {
    /** The service DID used as audience. */
    static final String SERVICE_DID = "did:web:pds.test";
    /** The account DID used as subject. */
    static final String ACCOUNT_DID = "did:plc:abcdefghijklmnopqrstuvwx";

    SessionTokens tokens;
    String accessJwt;
    byte[] signingInput;
    byte[] secret;

    /** Mints the token every invocation verifies. */
    @Setup
    public void setUp() {
        secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        tokens = new SessionTokens(secret, SERVICE_DID, Clock.systemUTC());
        accessJwt = tokens.createAccessToken(ACCOUNT_DID, Scope.ACCESS, Duration.ofHours(2));
        signingInput = accessJwt.substring(0, accessJwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    /** A keyed MAC per benchmark thread. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class ThreadMac {
        Mac mac;

        /**
         * Keys the MAC with the benchmark's secret.
         *
         * @param b the benchmark state
         * @throws GeneralSecurityException never on a standard JDK
         */
        @Setup
        public void setUp(TokenBenchmarks b) throws GeneralSecurityException {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(b.secret, "HmacSHA256"));
        }
    }

    /**
     * HMAC-SHA256 of a token's signing input.
     *
     * @param m the thread's keyed MAC
     * @return the 32-byte MAC
     */
    @Benchmark
    public byte[] rawHmac(ThreadMac m) {
        return m.mac.doFinal(signingInput);
    }

    /**
     * The library's access-token verification.
     *
     * @return the verified claims
     */
    @Benchmark
    public AccessClaims verifyAccessToken() {
        return tokens.verifyAccessToken(accessJwt, Scope.STANDARD);
    }

    /**
     * Minting an access token, for context.
     *
     * @return the compact JWS
     */
    @Benchmark
    public String createAccessToken() {
        return tokens.createAccessToken(ACCOUNT_DID, Scope.ACCESS, Duration.ofHours(2));
    }
}
