package dev.pdsaccounts.session;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * An independent implementation of the session-token rules on jjwt, the JOSE library the codec was first
 * written on: the tests check that {@link SessionTokens} signs byte for byte what jjwt signs and never accepts
 * a token jjwt refuses.
 */
final class JjwtOracle {
    private final SecretKey key;
    private final String serviceDid;
    private final Clock clock;
    private final JwtParser parser;

    JjwtOracle(byte[] secret, String serviceDid, Clock clock) {
        this.key = Keys.hmacShaKeyFor(secret);
        this.serviceDid = serviceDid;
        this.clock = clock;
        this.parser = Jwts.parser().verifyWith(key).sig().clear().add(Jwts.SIG.HS256).and().zip().clear().and()
                .clock(() -> Date.from(clock.instant())).build();
    }

    @SuppressWarnings("deprecation") // aud as a single string, as the reference writes it
    String sign(String type, Scope scope, String did, String jti, Duration lifetime) {
        Instant iat = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var builder = Jwts.builder().header().type(type).and().claim("scope", scope.value())
                .audience().single(serviceDid).subject(did);
        if (jti != null) {
            builder = builder.id(jti);
        }
        return builder.issuedAt(Date.from(iat)).expiration(Date.from(iat.plus(lifetime)))
                .signWith(key, Jwts.SIG.HS256).compact();
    }

    /**
     * The claims jjwt establishes, as {@code did|scope|jti|iat|exp}, or {@code expired} / {@code rejected}.
     * Only the claim checks jjwt itself cannot make (token type, audience, scope) are added here.
     */
    String outcome(String jwt, String type, boolean allowExpired, Set<Scope> allowed) {
        Header header;
        Claims claims;
        boolean expired = false;
        try {
            Jws<Claims> jws = parser.parseSignedClaims(jwt);
            header = jws.getHeader();
            claims = jws.getPayload();
        } catch (ExpiredJwtException e) {
            header = e.getHeader();
            claims = e.getClaims();
            expired = true;
        } catch (RuntimeException e) {
            return "rejected";
        }
        try {
            Set<String> aud = claims.getAudience();
            Object scope = claims.get("scope");
            if (!"HS256".equals(header.getAlgorithm()) || !type.equals(header.getType())
                    || aud == null || !aud.equals(Set.of(serviceDid))
                    || claims.getIssuedAt() == null || claims.getExpiration() == null) {
                return "rejected";
            }
            if (expired && !allowExpired) {
                return "expired"; // as jose: expiry is reported before the claims are looked at
            }
            if (!(claims.getSubject() instanceof String)
                    || !(scope instanceof String) || !allowed.contains(Scope.fromValue((String) scope).orElse(null))
                    || claims.containsKey("lxm") || claims.containsKey("cnf")
                    || (claims.containsKey("jti") && !(claims.get("jti") instanceof String))) {
                return "rejected";
            }
            String jti = SessionTokens.REFRESH_TOKEN_TYPE.equals(type) ? claims.getId() : null; // access: not read
            return claims.getSubject() + "|" + scope + "|" + jti + "|"
                    + claims.getIssuedAt().toInstant() + "|" + claims.getExpiration().toInstant();
        } catch (RuntimeException e) {
            return "rejected";
        }
    }
}
