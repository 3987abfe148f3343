package dev.pdsaccounts.benchmarks.jmh;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.benchmarks.Fixtures;
import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionTokens;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Access-token verification against the raw HMAC-SHA256 it is built on. {@link #rawHmac} MACs the
 * {@code header.payload} signing input of a real access token (about 200 bytes) with a per-thread, already
 * keyed {@link Mac}: the floor any verification pays. {@link #verifyAccessToken} is the codec's full check
 * (split, base64url, JSON, signature, {@code typ}, {@code aud}, {@code exp}, scope) and
 * {@link #sessionServiceVerifyAccessToken} the service's entry point over it (the {@code Bearer} prefix).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class TokenBenchmarks {
    /** The account DID used as subject. */
    static final String ACCOUNT_DID = "did:plc:abcdefghijklmnopqrstuvwx";

    PdsAccounts pds;
    SessionTokens tokens;
    String accessJwt;
    String bearer;
    byte[] signingInput;
    byte[] secret;

    /** Wires the service and mints the token every invocation verifies. */
    @Setup
    public void setUp() {
        pds = Fixtures.pds(new InMemoryAccountStore(), new Fixtures.PrecomputedHasher(Fixtures.argon2v1()));
        secret = Fixtures.SECRETS.jwtSecret();
        tokens = Fixtures.sessionTokens(pds, java.time.Clock.systemUTC());
        accessJwt = tokens.createAccessToken(ACCOUNT_DID, Scope.ACCESS, Duration.ofHours(2));
        bearer = "Bearer " + accessJwt;
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
     * HMAC-SHA256 of a token's signing input with a MAC obtained and keyed per call, as code without a cached
     * MAC pays.
     *
     * @return the 32-byte MAC
     * @throws GeneralSecurityException never on a standard JDK
     */
    @Benchmark
    public byte[] rawHmacKeyedPerCall() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(signingInput);
    }

    /**
     * The codec's access-token verification.
     *
     * @return the verified claims
     */
    @Benchmark
    public AccessClaims verifyAccessToken() {
        return tokens.verifyAccessToken(accessJwt, Scope.STANDARD);
    }

    /**
     * {@code SessionService.verifyAccessToken} of an {@code Authorization} header value, as an XRPC endpoint
     * calls it.
     *
     * @return the verified claims
     */
    @Benchmark
    public AccessClaims sessionServiceVerifyAccessToken() {
        return pds.sessions().verifyAccessToken(bearer, Scope.STANDARD);
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
