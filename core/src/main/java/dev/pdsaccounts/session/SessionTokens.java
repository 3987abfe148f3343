package dev.pdsaccounts.session;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The session JWT codec: creates and verifies the HS256 access and refresh tokens of the reference PDS
 * ({@code helpers/auth.ts}, {@code auth-verifier.ts}).
 *
 * <ul>
 *   <li>Access token: header {@code typ: at+jwt}; claims {@code scope}, {@code aud} (the service DID),
 *       {@code sub} (the account DID), {@code iat}, {@code exp} in seconds.</li>
 *   <li>Refresh token: header {@code typ: refresh+jwt}; claims {@code scope: com.atproto.refresh},
 *       {@code aud}, {@code sub}, {@code jti}, {@code iat}, {@code exp}.</li>
 * </ul>
 *
 * <p>Verification accepts HS256 only (never {@code alg: none} nor another algorithm), requires the exact
 * {@code typ}, {@code aud} equal to the service DID, and an unexpired {@code exp} (zero leeway unless a clock
 * skew is configured; a token is expired from its {@code exp} second on, as with the reference's
 * {@code jose}). An expired token fails with {@code ExpiredToken} "Token has expired"; every other failure
 * with {@code InvalidToken}: "Token could not be verified" for anything the signature, {@code typ},
 * {@code aud} or parsing rejects, "Malformed token" for a signed token carrying {@code lxm} or {@code cnf},
 * a {@code sub} that is not a DID or a non-string {@code jti}, and "Bad token scope" for a scope outside
 * the allowed set. Input longer than {@value #MAX_TOKEN_LENGTH} characters is rejected before parsing.
 *
 * <p>The HMAC secret must be at least 32 bytes (jjwt refuses shorter HS256 keys, unlike the reference PDS,
 * which takes {@code PDS_JWT_SECRET} at any length). Thread-safe; holds no secret in {@link #toString()}.
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

    private static final String HS256 = "HS256";
    private static final String COULD_NOT_VERIFY = "Token could not be verified";
    private static final String MALFORMED = "Malformed token";
    private static final String BAD_SCOPE = "Bad token scope";
    private static final Set<Scope> REFRESH_ONLY = Set.of(Scope.REFRESH);

    private final SecretKey key;
    private final String serviceDid;
    private final Clock clock;
    private final Duration clockSkew;
    private final JwtParser parser;

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
        this.key = Keys.hmacShaKeyFor(hmacSecret);
        this.serviceDid = serviceDid;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = clockSkew;
        this.parser = Jwts.parser()
                .verifyWith(key)
                .sig().clear().add(Jwts.SIG.HS256).and()
                .zip().clear().and()
                .clock(() -> Date.from(this.clock.instant()))
                .clockSkewSeconds(clockSkew.toSeconds())
                .build();
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
        Instant iat = now();
        return withAudience(Jwts.builder()
                .header().type(ACCESS_TOKEN_TYPE).and()
                .claim("scope", scope.value()))
                .subject(did)
                .issuedAt(Date.from(iat))
                .expiration(Date.from(expiry(iat, lifetime)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
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
        Instant iat = now();
        return withAudience(Jwts.builder()
                .header().type(REFRESH_TOKEN_TYPE).and()
                .claim("scope", Scope.REFRESH.value()))
                .subject(did)
                .id(jti)
                .issuedAt(Date.from(iat))
                .expiration(Date.from(expiry(iat, lifetime)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
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
        Verified v = verify(jwt, ACCESS_TOKEN_TYPE, false, allowed);
        return new AccessClaims(v.did, v.scope, v.issuedAt, v.expiresAt);
    }

    /**
     * Verifies a refresh token.
     *
     * @param jwt the compact token, may be anything
     * @param allowExpired accept an expired token (logout accepts them); every other check still applies
     * @return the verified claims
     * @throws LexiconException {@code ExpiredToken} when expired and not allowed, {@code InvalidToken} for
     *     any other failure (including a missing {@code jti})
     */
    public RefreshClaims verifyRefreshToken(String jwt, boolean allowExpired) {
        Verified v = verify(jwt, REFRESH_TOKEN_TYPE, allowExpired, REFRESH_ONLY);
        if (v.jti == null) {
            throw invalid("Unexpected missing refresh token id");
        }
        return new RefreshClaims(v.did, v.jti, v.issuedAt, v.expiresAt);
    }

    /** What a verification established. */
    private static final class Verified {
        String did;
        Scope scope;
        String jti;
        Instant issuedAt;
        Instant expiresAt;
    }

    private Verified verify(String jwt, String expectedType, boolean allowExpired, Set<Scope> allowed) {
        if (jwt == null || jwt.isEmpty() || jwt.length() > MAX_TOKEN_LENGTH) {
            throw invalid(COULD_NOT_VERIFY);
        }
        try {
            return check(jwt, expectedType, allowExpired, allowed);
        } catch (LexiconException e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid(COULD_NOT_VERIFY);
        }
    }

    private Verified check(String jwt, String expectedType, boolean allowExpired, Set<Scope> allowed) {
        Header header;
        Claims claims;
        boolean expired = false;
        try {
            Jws<Claims> jws = parser.parseSignedClaims(jwt);
            header = jws.getHeader();
            claims = jws.getPayload();
        } catch (ExpiredJwtException e) {
            // Thrown only after the signature verified.
            header = e.getHeader();
            claims = e.getClaims();
            expired = true;
        }
        if (header == null || claims == null
                || !HS256.equals(header.getAlgorithm())
                || !expectedType.equals(header.getType())) {
            throw invalid(COULD_NOT_VERIFY);
        }
        Set<String> audience = claims.getAudience();
        if (audience == null || audience.size() != 1 || !audience.contains(serviceDid)) {
            throw invalid(COULD_NOT_VERIFY);
        }
        Date exp = claims.getExpiration();
        Date iat = claims.getIssuedAt();
        if (exp == null || iat == null) {
            throw invalid(COULD_NOT_VERIFY);
        }
        long nowSeconds = clock.instant().getEpochSecond() - clockSkew.toSeconds();
        if (expired || exp.toInstant().getEpochSecond() <= nowSeconds) {
            if (!allowExpired) {
                throw new LexiconException(LexiconError.EXPIRED_TOKEN, "Token has expired");
            }
        }
        if (claims.containsKey("lxm") || claims.containsKey("cnf")) {
            throw invalid(MALFORMED);
        }
        String sub = claims.getSubject();
        if (sub == null || !sub.startsWith("did:")) {
            throw invalid(MALFORMED);
        }
        Object jti = claims.get("jti");
        if (claims.containsKey("jti") && !(jti instanceof String)) {
            throw invalid(MALFORMED);
        }
        Object scopeClaim = claims.get("scope");
        Scope scope = scopeClaim instanceof String ? Scope.fromValue((String) scopeClaim).orElse(null) : null;
        if (scope == null || !allowed.contains(scope)) {
            throw invalid(BAD_SCOPE);
        }
        Verified v = new Verified();
        v.did = sub;
        v.scope = scope;
        v.jti = (String) jti;
        v.issuedAt = iat.toInstant();
        v.expiresAt = exp.toInstant();
        return v;
    }

    /**
     * Sets {@code aud} as a single string, as the reference PDS writes it. jjwt deprecates {@code single}
     * only to steer new code towards arrays; interoperability with the reference is exactly its purpose.
     */
    @SuppressWarnings("deprecation")
    private JwtBuilder withAudience(JwtBuilder builder) {
        return builder.audience().single(serviceDid);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
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
