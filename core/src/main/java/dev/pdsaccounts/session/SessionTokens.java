package dev.pdsaccounts.session;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.Json;
import dev.pdsaccounts.identity.Multibase;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session JWT codec: creates and verifies the HS256 access and refresh tokens of the reference PDS
 * ({@code helpers/auth.ts}, {@code auth-verifier.ts}).
 *
 * <ul>
 *   <li>Access token: header {@code {"typ":"at+jwt","alg":"HS256"}}; claims {@code scope}, {@code aud} (the
 *       service DID), {@code sub} (the account DID), {@code iat}, {@code exp} in seconds.</li>
 *   <li>Refresh token: header {@code {"typ":"refresh+jwt","alg":"HS256"}}; claims
 *       {@code scope: com.atproto.refresh}, {@code aud}, {@code sub}, {@code jti}, {@code iat}, {@code exp}.</li>
 * </ul>
 *
 * <p>Verification accepts HS256 only (never {@code alg: none} nor another algorithm), requires the exact
 * {@code typ}, {@code aud} equal to the service DID, and an unexpired {@code exp} (zero leeway unless a clock
 * skew is configured; a token is expired from its {@code exp} second on, as with the reference's
 * {@code jose}). An expired token fails with {@code ExpiredToken} "Token has expired"; every other failure
 * with {@code InvalidToken}: "Token could not be verified" for anything the signature, {@code typ},
 * {@code aud}, {@code nbf} or parsing rejects, "Malformed token" for a signed token carrying {@code lxm} or
 * {@code cnf}, a {@code sub} that is not a DID or a non-string {@code jti}, and "Bad token scope" for a scope
 * outside the allowed set. Input longer than {@value #MAX_TOKEN_LENGTH} characters is rejected before parsing.
 *
 * <p>The codec is written directly on {@link Mac} rather than on a JOSE library because this is the hottest
 * path of a PDS (every authenticated request verifies an access token): the signature is checked first, in
 * constant time, over the raw segments, and only a verified token's JSON is parsed: the compact form this
 * codec writes by a small in-place scanner, anything else by the strict {@link Json} reader on Jackson
 * (duplicate members, bad UTF-8 and non-numeric dates are refused). The jjwt library is
 * kept in the tests as an independent oracle that every token must agree with.
 *
 * <p>The HMAC secret must be at least 32 bytes (RFC 7518 section 3.2 requires a key as long as the hash for
 * HS256; the reference PDS takes {@code PDS_JWT_SECRET} at any length). Thread-safe; holds no secret in
 * {@link #toString()}.
 */
public final class SessionTokens {
    /** The {@code typ} header of access tokens. */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    /** The {@code typ} header of refresh tokens. */
    public static final String REFRESH_TOKEN_TYPE = "refresh+jwt";
    /** The longest token verification reads; anything longer is {@code InvalidToken} without parsing. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;
    /** The shortest accepted HMAC secret, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final String HS256 = "HS256";
    private static final int SIGNATURE_CHARS = 43; // base64url of 32 bytes, unpadded
    private static final String COULD_NOT_VERIFY = "Token could not be verified";
    private static final String MALFORMED = "Malformed token";
    private static final String BAD_SCOPE = "Bad token scope";
    private static final Set<Scope> REFRESH_ONLY = Set.of(Scope.REFRESH);
    /** The latest {@code exp}, {@code iat} or {@code nbf} accepted: 9999-12-31T23:59:59Z. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    /** Mac stripes: a power of two, enough that concurrent threads rarely share one. */
    private static final int MAC_SLOTS = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()))
            * 4;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String ACCESS_HEADER = encodedHeader(ACCESS_TOKEN_TYPE);
    private static final String REFRESH_HEADER = encodedHeader(REFRESH_TOKEN_TYPE);

    private final SecretKeySpec key;
    private final String serviceDid;
    private final String audienceJson;
    private final Clock clock;
    private final Duration clockSkew;
    /**
     * Keyed Macs ready for reuse (a Mac is not thread-safe, and keying one costs more than a token's HMAC),
     * striped by thread so that threads on different cores do not contend for one queue head.
     */
    private final AtomicReferenceArray<Mac> macs = new AtomicReferenceArray<>(MAC_SLOTS);

    /**
     * A codec with zero clock leeway.
     *
     * @param hmacSecret the HS256 secret, at least 32 bytes (copied)
     * @param serviceDid the PDS service DID, used as {@code aud}
     * @param clock the time source for {@code iat}/{@code exp} and for verification
     * @throws IllegalArgumentException when the secret is shorter than 32 bytes or the service DID is not a DID
     */
    public SessionTokens(byte[] hmacSecret, String serviceDid, Clock clock) {
        this(hmacSecret, serviceDid, clock, Duration.ZERO);
    }

    /**
     * A codec with a clock leeway for verification.
     *
     * @param hmacSecret the HS256 secret, at least 32 bytes (copied)
     * @param serviceDid the PDS service DID, used as {@code aud}
     * @param clock the time source for {@code iat}/{@code exp} and for verification
     * @param clockSkew tolerated clock difference (whole seconds; zero or positive)
     * @throws IllegalArgumentException when the secret is shorter than 32 bytes, the service DID is not a
     *     DID, or the skew is negative
     */
    public SessionTokens(byte[] hmacSecret, String serviceDid, Clock clock, Duration clockSkew) {
        Objects.requireNonNull(hmacSecret, "hmacSecret");
        if (hmacSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "JWT secret must be at least 32 bytes (256 bits); got " + hmacSecret.length);
        }
        Objects.requireNonNull(serviceDid, "serviceDid");
        if (!serviceDid.startsWith("did:")) {
            throw new IllegalArgumentException("serviceDid must be a DID");
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        this.key = new SecretKeySpec(hmacSecret, HMAC_SHA256);
        this.serviceDid = serviceDid;
        this.audienceJson = jsonString(serviceDid);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = clockSkew;
        macs.set(0, newMac()); // fails here, not on the first request, if the JDK lacks HmacSHA256
    }

    /**
     * A new refresh-token id: standard base64 without padding of 32 random bytes (43 characters).
     *
     * @param random the randomness source
     * @return a fresh token id
     */
    public static String newJti(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Creates an access token.
     *
     * @param did the account DID ({@code sub})
     * @param scope the scope; not {@link Scope#REFRESH}
     * @param lifetime positive; {@code exp} = {@code iat} + lifetime (the reference uses 2 hours)
     * @return the compact JWS
     * @throws IllegalArgumentException for a non-DID subject, the refresh scope or a non-positive lifetime
     */
    public String createAccessToken(String did, Scope scope, Duration lifetime) {
        requireDid(did);
        Objects.requireNonNull(scope, "scope");
        if (scope == Scope.REFRESH) {
            throw new IllegalArgumentException("the refresh scope is reserved for refresh tokens");
        }
        return sign(ACCESS_HEADER, scope, did, null, lifetime);
    }

    /**
     * Creates a refresh token.
     *
     * @param did the account DID ({@code sub})
     * @param jti the token id, e.g. from {@link #newJti}
     * @param lifetime positive; {@code exp} = {@code iat} + lifetime (the reference uses 90 days)
     * @return the compact JWS
     * @throws IllegalArgumentException for a non-DID subject, an empty id or a non-positive lifetime
     */
    public String createRefreshToken(String did, String jti, Duration lifetime) {
        requireDid(did);
        Objects.requireNonNull(jti, "jti");
        if (jti.isEmpty()) {
            throw new IllegalArgumentException("jti must not be empty");
        }
        return sign(REFRESH_HEADER, Scope.REFRESH, did, jti, lifetime);
    }

    /**
     * Verifies an access token.
     *
     * @param jwt the compact token, may be anything
     * @param allowed the scopes the endpoint accepts (e.g. {@link Scope#STANDARD}); an empty set accepts none
     * @return the verified claims
     * @throws LexiconException {@code ExpiredToken} when expired, {@code InvalidToken} for any other failure
     */
    public AccessClaims verifyAccessToken(String jwt, Set<Scope> allowed) {
        Objects.requireNonNull(allowed, "allowed");
        Verified v = verify(jwt, ACCESS_TOKEN_TYPE, ACCESS_HEADER, false, allowed);
        return new AccessClaims(v.did, v.scope, v.issuedAt, v.expiresAt);
    }

    /**
     * Verifies a refresh token.
     *
     * @param jwt the compact token, may be anything
     * @param allowExpired accept an expired token (logout accepts them); every other check still applies
     * @return the verified claims
     * @throws LexiconException {@code ExpiredToken} when expired and not allowed, {@code InvalidToken} for
     *     any other failure (including a missing or empty {@code jti})
     */
    public RefreshClaims verifyRefreshToken(String jwt, boolean allowExpired) {
        Verified v = verify(jwt, REFRESH_TOKEN_TYPE, REFRESH_HEADER, allowExpired, REFRESH_ONLY);
        if (v.jti == null || v.jti.isEmpty()) { // the reference tests !jti: an empty id is missing too
            throw invalid("Unexpected missing refresh token id");
        }
        return new RefreshClaims(v.did, v.jti, v.issuedAt, v.expiresAt);
    }

    // ------------------------------------------------------------------------------------------ signing

    private String sign(String encodedHeader, Scope scope, String did, String jti, Duration lifetime) {
        Instant iat = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = expiry(iat, lifetime);
        // Claim order as the reference writes them: scope, aud, sub, [jti], iat, exp.
        StringBuilder payload = new StringBuilder(160 + did.length() + (jti == null ? 0 : jti.length()))
                .append("{\"scope\":\"").append(scope.value()).append("\",\"aud\":").append(audienceJson)
                .append(",\"sub\":").append(jsonString(did));
        if (jti != null) {
            payload.append(",\"jti\":").append(jsonString(jti));
        }
        payload.append(",\"iat\":").append(iat.getEpochSecond()).append(",\"exp\":").append(exp.getEpochSecond())
                .append('}');
        String signingInput = encodedHeader + '.' + B64URL.encodeToString(
                payload.toString().getBytes(StandardCharsets.UTF_8));
        byte[] mac = hmac(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + '.' + B64URL.encodeToString(mac);
    }

    // ------------------------------------------------------------------------------------- verification

    /** What a verification established. */
    private static final class Verified {
        String did;
        Scope scope;
        String jti;
        Instant issuedAt;
        Instant expiresAt;
    }

    private Verified verify(String jwt, String expectedType, String expectedHeader, boolean allowExpired,
                            Set<Scope> allowed) {
        if (jwt == null || jwt.isEmpty() || jwt.length() > MAX_TOKEN_LENGTH) {
            throw invalid(COULD_NOT_VERIFY);
        }
        int firstDot = jwt.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : jwt.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || secondDot == firstDot + 1
                || jwt.length() - secondDot - 1 != SIGNATURE_CHARS) {
            throw invalid(COULD_NOT_VERIFY);
        }
        // Signature first: nothing of an unsigned token is parsed.
        // Characters outside ASCII become '?': the HMAC then fails, and if it did not, the decoder would refuse
        // it, as every character outside the base64url alphabet (the header is compared, or decoded, as well).
        byte[] signingInput = jwt.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        byte[] presented;
        try {
            // Strict: one encoding per signature, so a token cannot be re-spelled and still verify.
            presented = Multibase.base64UrlDecodeStrict(jwt.substring(secondDot + 1));
        } catch (CodecException e) {
            throw invalid(COULD_NOT_VERIFY);
        }
        if (!MessageDigest.isEqual(hmac(signingInput), presented)) {
            throw invalid(COULD_NOT_VERIFY);
        }
        try {
            if (firstDot != expectedHeader.length() || !jwt.regionMatches(0, expectedHeader, 0, firstDot)) {
                checkHeader(Json.parseObject(decodeSegment(signingInput, 0, firstDot)), expectedType);
            }
            byte[] payload = decodeSegment(signingInput, firstDot + 1, secondDot);
            Claims claims = Claims.scan(payload);
            if (claims == null) {
                claims = Claims.of(Json.parseObject(payload)); // any other form: the strict general parser
            }
            return checkClaims(claims, allowExpired, allowed);
        } catch (CodecException e) {
            throw invalid(COULD_NOT_VERIFY); // the JSON of a signed segment is malformed
        } catch (LexiconException e) {
            if (e.error() == LexiconError.INVALID_TOKEN || e.error() == LexiconError.EXPIRED_TOKEN) {
                throw e;
            }
            throw invalid(COULD_NOT_VERIFY); // the JSON of a signed segment is malformed
        }
    }

    /** A header other than the one this codec writes: HS256, the exact type, nothing that changes processing. */
    private static void checkHeader(Map<String, Object> header, String expectedType) {
        if (!HS256.equals(header.get("alg")) || !expectedType.equals(header.get("typ"))
                || header.containsKey("crit") || header.containsKey("zip") || header.containsKey("b64")) {
            throw invalid(COULD_NOT_VERIFY);
        }
    }

    private Verified checkClaims(Claims claims, boolean allowExpired, Set<Scope> allowed) {
        Object aud = claims.aud;
        if (aud instanceof List<?> list && list.size() == 1) {
            aud = list.get(0);
        }
        if (!serviceDid.equals(aud)) {
            throw invalid(COULD_NOT_VERIFY);
        }
        Instant exp = numericDate(claims.exp);
        Instant iat = numericDate(claims.iat);
        Instant nbf = claims.hasNbf ? numericDate(claims.nbf) : null;
        if (exp == null || iat == null || (claims.hasNbf && nbf == null)) {
            throw invalid(COULD_NOT_VERIFY);
        }
        Instant now = clock.instant();
        if (nbf != null && nbf.isAfter(now.plus(clockSkew))) {
            throw invalid(COULD_NOT_VERIFY);
        }
        // Whole seconds, as jose compares: expired from the exp second on.
        if (exp.getEpochSecond() <= now.getEpochSecond() - clockSkew.toSeconds() && !allowExpired) {
            throw new LexiconException(LexiconError.EXPIRED_TOKEN, "Token has expired");
        }
        if (claims.bound) {
            throw invalid(MALFORMED);
        }
        if (!(claims.sub instanceof String sub) || !sub.startsWith("did:")) {
            throw invalid(MALFORMED);
        }
        if (claims.hasJti && !(claims.jti instanceof String)) {
            throw invalid(MALFORMED);
        }
        Scope scope = claims.scope instanceof String value ? Scope.fromValue(value).orElse(null) : null;
        if (scope == null || !allowed.contains(scope)) {
            throw invalid(BAD_SCOPE);
        }
        Verified v = new Verified();
        v.did = sub;
        v.scope = scope;
        v.jti = (String) claims.jti;
        v.issuedAt = iat;
        v.expiresAt = exp;
        return v;
    }

    /** The claims verification reads, as parsed JSON values (null when absent). */
    private static final class Claims {
        private static final String[] NAMES = {"scope", "aud", "sub", "jti", "iat", "exp"};

        Object scope;
        Object aud;
        Object sub;
        Object jti;
        Object iat;
        Object exp;
        Object nbf;
        boolean hasJti;
        boolean hasNbf;
        /** {@code lxm} (service auth) or {@code cnf} (a bound token) is present. */
        boolean bound;

        static Claims of(Map<String, Object> map) {
            Claims c = new Claims();
            c.scope = map.get("scope");
            c.aud = map.get("aud");
            c.sub = map.get("sub");
            c.jti = map.get("jti");
            c.iat = map.get("iat");
            c.exp = map.get("exp");
            c.nbf = map.get("nbf");
            c.hasJti = map.containsKey("jti");
            c.hasNbf = map.containsKey("nbf");
            c.bound = map.containsKey("lxm") || map.containsKey("cnf");
            return c;
        }

        /**
         * The claims of the compact form this codec and the reference write: one flat object, no whitespace,
         * only the six members above, each at most once, as ASCII strings without escapes or non-negative
         * integers of at most 18 digits. Null for anything else, which then goes through {@link Json}; so
         * this decides nothing the general parser would decide differently.
         *
         * <p>Hand-written on purpose, the one JSON reader of core that is not Jackson: it runs on every
         * authenticated request, and reading these six members in place costs a fraction of building a
         * Jackson parser and a map per token (the verify benchmark in {@code benchmarks/RESULTS.md} measured it).
         */
        static Claims scan(byte[] json) {
            int n = json.length;
            if (n < 2 || json[0] != '{' || json[1] == '}') {
                return null;
            }
            Claims c = new Claims();
            int seen = 0;
            int p = 1;
            while (true) {
                int keyEnd = stringEnd(json, p);
                if (keyEnd < 0 || keyEnd + 2 >= n || json[keyEnd + 1] != ':') {
                    return null;
                }
                int key = keyIndex(json, p + 1, keyEnd);
                if (key < 0 || (seen & (1 << key)) != 0) {
                    return null;
                }
                seen |= 1 << key;
                p = keyEnd + 2;
                Object value;
                if (json[p] == '"') {
                    int end = stringEnd(json, p);
                    if (end < 0) {
                        return null;
                    }
                    value = new String(json, p + 1, end - p - 1, StandardCharsets.US_ASCII);
                    p = end + 1;
                } else {
                    int start = p;
                    long number = 0;
                    while (p < n && json[p] >= '0' && json[p] <= '9') {
                        number = number * 10 + (json[p] - '0');
                        p++;
                    }
                    int digits = p - start;
                    if (digits == 0 || digits > 18 || (digits > 1 && json[start] == '0')) {
                        return null;
                    }
                    value = number;
                }
                switch (key) {
                    case 0 -> c.scope = value;
                    case 1 -> c.aud = value;
                    case 2 -> c.sub = value;
                    case 3 -> {
                        c.jti = value;
                        c.hasJti = true;
                    }
                    case 4 -> c.iat = value;
                    default -> c.exp = value;
                }
                if (p >= n) {
                    return null;
                }
                if (json[p] == '}') {
                    return p == n - 1 ? c : null;
                }
                if (json[p] != ',') {
                    return null;
                }
                p++;
            }
        }

        /** The index of the closing quote of the plain ASCII string opening at {@code p}; -1 otherwise. */
        private static int stringEnd(byte[] json, int p) {
            if (p >= json.length || json[p] != '"') {
                return -1;
            }
            for (int i = p + 1; i < json.length; i++) {
                byte b = json[i];
                if (b == '"') {
                    return i;
                }
                if (b == '\\' || b < 0x20) { // also every non-ASCII byte, negative as a Java byte
                    return -1;
                }
            }
            return -1;
        }

        private static int keyIndex(byte[] json, int from, int to) {
            for (int k = 0; k < NAMES.length; k++) {
                String name = NAMES[k];
                if (name.length() == to - from) {
                    int i = 0;
                    while (i < name.length() && json[from + i] == name.charAt(i)) {
                        i++;
                    }
                    if (i == name.length()) {
                        return k;
                    }
                }
            }
            return -1;
        }
    }

    /**
     * A NumericDate claim (seconds, a fraction dropped) from 1970 to the year 9999; null when absent or
     * anything else.
     */
    private static Instant numericDate(Object value) {
        if (value instanceof Long seconds) {
            return seconds >= 0 && seconds <= MAX_NUMERIC_DATE ? Instant.ofEpochSecond(seconds) : null;
        }
        if (value instanceof Double seconds && seconds >= 0 && seconds <= MAX_NUMERIC_DATE) {
            return Instant.ofEpochSecond((long) Math.floor(seconds));
        }
        return null;
    }

    /**
     * The bytes of a signed segment. The signature covers the encoded bytes, so the decoder's leniency on
     * trailing bits cannot make two tokens of one signature.
     */
    private static byte[] decodeSegment(byte[] signingInput, int from, int to) {
        try {
            return Base64.getUrlDecoder().decode(java.util.Arrays.copyOfRange(signingInput, from, to));
        } catch (IllegalArgumentException e) {
            throw invalid(COULD_NOT_VERIFY); // a character outside the alphabet or an impossible length
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private byte[] hmac(byte[] input) {
        int slot = (int) Thread.currentThread().getId() & (MAC_SLOTS - 1);
        Mac mac = macs.getAndSet(slot, null);
        if (mac == null) {
            mac = newMac(); // first use of the slot, or another thread holds its Mac right now
        }
        byte[] result = mac.doFinal(input); // doFinal also resets the Mac for its next use
        macs.lazySet(slot, mac);
        return result;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static String encodedHeader(String type) {
        return B64URL.encodeToString(("{\"typ\":\"" + type + "\",\"alg\":\"HS256\"}")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** A JSON string literal; DIDs and token ids are plain ASCII, so the escaping writer is rarely needed. */
    private static String jsonString(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                try {
                    return Json.write(s);
                } catch (CodecException e) {
                    throw new IllegalArgumentException("a claim contains a lone surrogate");
                }
            }
        }
        return '"' + s + '"';
    }

    private static Instant expiry(Instant iat, Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        return iat.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
    }

    private static void requireDid(String did) {
        Objects.requireNonNull(did, "did");
        if (!did.startsWith("did:")) {
            throw new IllegalArgumentException("did must be a DID");
        }
    }

    private static LexiconException invalid(String message) {
        return new LexiconException(LexiconError.INVALID_TOKEN, message);
    }

    /** The service DID and leeway; never the secret. */
    @Override
    public String toString() {
        return "SessionTokens[aud=" + serviceDid + ", clockSkew=" + clockSkew + "]";
    }
}
