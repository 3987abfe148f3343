package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Nsid;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Service-auth JWTs: the inter-service tokens an account's PDS signs with the account's repo signing key
 * ({@code com.atproto.server.getServiceAuth}, the reference's {@code createServiceJwt} and xrpc-server's
 * {@code verifyJwt}).
 *
 * <p>A token is a JWS compact serialization signed here with {@link SigningKeyPair#sign(byte[])} (RFC 6979,
 * low-S, 64-byte {@code r || s}): header {@code {"typ":"JWT","alg":"ES256K"|"ES256"}}, claims {@code iat},
 * {@code iss}, {@code aud}, {@code exp}, optional {@code lxm}, and a random {@code jti} (32 hex characters).
 *
 * <p>Verification, in the reference's order: format (three base64url parts, JSON header and claims with
 * string {@code iss}/{@code aud} and integer {@code exp}; "poorly formatted jwt"); header {@code typ} not one of
 * the session or DPoP types ("Invalid jwt type"); not expired, i.e. now &le; {@code exp} ("jwt expired");
 * {@code aud} ("jwt audience does not match service did"); {@code lxm} when one is expected
 * ("missing jwt lexicon method ("lxm"). must match: X" / "bad jwt lexicon method ("lxm"). must match: X");
 * then the signature: the issuer's DID (without {@code #fragment}) is resolved and its {@code #atproto}
 * verification method (Multikey or the legacy 2019 key types) must verify the signature LENIENTLY (high-S
 * accepted, as other implementations emit it) with the algorithm the header names; on a mismatch the document
 * is read anew once (key rotation) before failing with "jwt signature does not match jwt issuer". Every
 * failure is {@code AuthenticationRequired} (401), except an issuer DID whose resolution fails in transport,
 * which stays the resolver's {@code UnresolvableDid}.
 *
 * <p>Thread-safe.
 */
public final class ServiceAuth {
    /** Longest token verification reads. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private static final Set<String> FORBIDDEN_TYPES = Set.of("at+jwt", "refresh+jwt", "dpop+jwt");
    private static final String MALFORMED = "poorly formatted jwt";
    /** The issuer fragment of a labeler (a moderation service). */
    public static final String LABELER_FRAGMENT = "#atproto_labeler";
    /** The verification method a labeler signs with. */
    public static final String LABEL_KEY_ID = "atproto_label";

    private final Clock clock;
    private final SecureRandom random;

    /**
     * A codec on the given clock and randomness.
     *
     * @param clock the clock of {@code iat} and of the expiry check
     * @param random the source of {@code jti}
     */
    public ServiceAuth(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Issues a token.
     *
     * @param key the issuer's atproto signing key
     * @param iss the issuer DID (optionally with a {@code #fragment})
     * @param aud the audience: a DID, optionally with a {@code #service} fragment
     * @param lxm the lexicon method (an NSID) the token is bound to, if any
     * @param exp the expiry (written in whole seconds)
     * @return the compact JWS
     * @throws LexiconException {@code InvalidRequest} for a missing argument, an invalid DID or NSID
     */
    public String issue(SigningKeyPair key, String iss, String aud, Optional<String> lxm, Instant exp) {
        if (key == null || iss == null || aud == null || lxm == null || exp == null) {
            throw LexiconException.invalidRequest("key, iss, aud, lxm and exp are required");
        }
        requireDidWithFragment(iss, "iss");
        requireDidWithFragment(aud, "aud");
        lxm.ifPresent(Nsid::parse);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", key.algorithm().jwtAlg());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("iss", iss);
        claims.put("aud", aud);
        claims.put("exp", exp.getEpochSecond());
        lxm.ifPresent(m -> claims.put("lxm", m));
        claims.put("jti", randomHex(16));
        String signingInput = b64(Json.write(header)) + "." + b64(Json.write(claims));
        byte[] sig = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Multibase.base64UrlEncode(sig);
    }

    /**
     * Verifies a token (see the class description for the checks and their messages).
     *
     * @param jwt the compact token, may be anything
     * @param expectedAud the audience this service answers to
     * @param expectedLxm the method being called; empty to accept any or no {@code lxm}
     * @param resolver resolves the issuer's DID document
     * @return the verified claims
     * @throws LexiconException {@code AuthenticationRequired} (401) for every verification failure;
     *     {@code UnresolvableDid} when the issuer's DID fails to resolve in transport
     */
    public ServiceAuthClaims verify(String jwt, String expectedAud, Optional<String> expectedLxm,
                                    DidResolver resolver) {
        Objects.requireNonNull(expectedAud, "expectedAud");
        Objects.requireNonNull(expectedLxm, "expectedLxm");
        Objects.requireNonNull(resolver, "resolver");
        if (jwt == null || jwt.length() > MAX_TOKEN_LENGTH) {
            throw auth(MALFORMED);
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw auth(MALFORMED);
        }
        Map<String, Object> header = decodeJson(parts[0]);
        Map<String, Object> payload = decodeJson(parts[1]);
        byte[] sig;
        try {
            sig = Multibase.base64UrlDecodeStrict(parts[2]);
        } catch (CodecException e) {
            throw auth(MALFORMED);
        }
        Object typ = header.get("typ");
        if (typ != null && !(typ instanceof String)) {
            throw auth(MALFORMED);
        }
        if (typ != null && FORBIDDEN_TYPES.contains(typ)) {
            throw auth("Invalid jwt type");
        }
        Object alg = header.get("alg");
        Object iss = payload.get("iss");
        Object aud = payload.get("aud");
        Object exp = payload.get("exp");
        Object lxm = payload.get("lxm");
        Object iat = payload.get("iat");
        Object jti = payload.get("jti");
        if (!(alg instanceof String) || !(iss instanceof String) || !(aud instanceof String)
                || !(exp instanceof Long) || (lxm != null && !(lxm instanceof String))
                || (iat != null && !(iat instanceof Long)) || (jti != null && !(jti instanceof String))) {
            throw auth(MALFORMED);
        }
        String issuer = (String) iss;
        int hash = issuer.indexOf('#');
        String issuerDid = hash < 0 ? issuer : issuer.substring(0, hash);
        if (!Did.isValid(issuerDid)) {
            throw auth(MALFORMED);
        }
        Instant expiry = Instant.ofEpochSecond(Math.max(Math.min((Long) exp, Instant.MAX.getEpochSecond()),
                Instant.MIN.getEpochSecond()));
        if (clock.instant().isAfter(expiry)) {
            throw auth("jwt expired");
        }
        if (!expectedAud.equals(aud)) {
            throw auth("jwt audience does not match service did");
        }
        if (expectedLxm.isPresent()) {
            if (lxm == null) {
                throw auth("missing jwt lexicon method (\"lxm\"). must match: " + expectedLxm.get());
            }
            if (!expectedLxm.get().equals(lxm)) {
                throw auth("bad jwt lexicon method (\"lxm\"). must match: " + expectedLxm.get());
            }
        }
        KeyAlgorithm algorithm;
        try {
            algorithm = KeyAlgorithm.fromJwtAlg((String) alg);
        } catch (CodecException e) {
            throw auth("jwt signature does not match jwt issuer");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        // As the reference: an issuer {@code <did>#atproto_labeler} signs with its {@code #atproto_label} key.
        String keyId = issuer.endsWith(LABELER_FRAGMENT) ? LABEL_KEY_ID : PlcOperations.ATPROTO_KEY_ID;
        if (!signatureMatches(resolver.resolve(issuerDid), keyId, algorithm, signingInput, sig)
                && !signatureMatches(resolver.resolveFresh(issuerDid), keyId, algorithm, signingInput, sig)) {
            throw auth("jwt signature does not match jwt issuer");
        }
        return new ServiceAuthClaims(issuer, (String) aud, expiry,
                Optional.ofNullable((Long) iat).map(ServiceAuth::seconds), Optional.ofNullable((String) lxm),
                Optional.ofNullable((String) jti));
    }

    private static Instant seconds(Long s) {
        return Instant.ofEpochSecond(Math.max(Math.min(s, Instant.MAX.getEpochSecond()),
                Instant.MIN.getEpochSecond()));
    }

    private static boolean signatureMatches(Optional<Map<String, Object>> doc, String keyId, KeyAlgorithm algorithm,
                                            byte[] signingInput, byte[] sig) {
        if (doc == null || doc.isEmpty()) {
            return false;
        }
        Optional<PublicKey> key = DidDocuments.verificationKey(doc.get(), keyId);
        return key.isPresent() && key.get().algorithm() == algorithm && key.get().verifyLenient(signingInput, sig);
    }

    private static Map<String, Object> decodeJson(String part) {
        try {
            return Json.parseObject(Multibase.base64UrlDecodeStrict(part));
        } catch (CodecException e) {
            throw auth(MALFORMED);
        }
    }

    private static void requireDidWithFragment(String value, String what) {
        int hash = value.indexOf('#');
        String did = hash < 0 ? value : value.substring(0, hash);
        if (!Did.isValid(did) || value.length() > Did.MAX_LENGTH) {
            throw LexiconException.invalidRequest(what + " must be a DID");
        }
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >>> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    private static String b64(String json) {
        return Multibase.base64UrlEncode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The error for a service-auth token that does not verify.
     *
     * @param message why it was refused, without the token
     * @return an {@code AuthenticationRequired} (401) exception, to be thrown
     */
    public static LexiconException auth(String message) {
        return new LexiconException(LexiconError.AUTHENTICATION_REQUIRED, message);
    }
}
