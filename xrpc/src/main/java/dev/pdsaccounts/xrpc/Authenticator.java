package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.RefreshClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Extracts and verifies the credentials a route requires from the {@code Authorization} header, with the
 * reference's answers (section 3.6): no header where a Bearer token is needed → 401 {@code AuthMissing} (an admin
 * route without a header → 401 {@code AuthenticationRequired} "Authentication Required"); a header that is
 * not {@code <scheme> <credentials>} or names an unknown scheme → 400 {@code InvalidToken}; a bad JWT →
 * the library's {@code InvalidToken}/{@code ExpiredToken}; for routes that check takedowns, an unknown account →
 * 403 {@code AccountNotFound} and a taken-down one → 401 {@code AccountTakedown}; a wrong admin password → 401
 * {@code AuthenticationRequired}. Session JWTs are verified by the library; the admin password is compared in
 * constant time (over SHA-256 digests, so not even its length leaks). Access tokens go through
 * {@code sessions().verifyAccessToken} and, where the route checks takedowns, {@code sessions().requireAccount};
 * refresh tokens are verified up front (so a bad one fails before the body is read) and again by the use case. Nothing here logs or echoes a credential.
 */
public final class Authenticator {
    /** Longest {@code Authorization} header read; longer ones are malformed. */
    public static final int MAX_HEADER_LENGTH = 16 * 1024;

    private final PdsAccounts pds;
    private final Optional<byte[]> adminPasswordDigest;

    /**
     * An authenticator over the library's token verifier.
     *
     * @param pds           the account domain
     * @param adminPassword the admin password; empty disables every admin route (always 401)
     */
    public Authenticator(PdsAccounts pds, Optional<String> adminPassword) {
        this.pds = Objects.requireNonNull(pds, "pds");
        this.adminPasswordDigest = adminPassword.filter(p -> !p.isEmpty()).map(Authenticator::sha256);
    }

    /**
     * Verifies the credentials {@code auth} asks for.
     *
     * @param auth   the route's requirement
     * @param header the {@code Authorization} header, null when absent
     * @return the verified credentials
     * @throws LexiconException when they are missing or invalid
     */
    public Credentials authenticate(Auth auth, String header) {
        return authenticate(auth, header, null);
    }

    /**
     * Verifies the credentials {@code auth} asks for, for the method {@code nsid}.
     *
     * @param auth   the route's requirement
     * @param header the {@code Authorization} header, null when absent
     * @param nsid   the called method (bound by a moderation service JWT's {@code lxm}); null when unknown
     * @return the verified credentials
     * @throws LexiconException when they are missing or invalid
     */
    public Credentials authenticate(Auth auth, String header, String nsid) {
        switch (auth.kind()) {
            case NONE:
                return new Credentials.None();
            case OPTIONAL_SERVICE_AUTH: {
                if (header == null) {
                    return new Credentials.None();
                }
                String[] parsed = parse(header);
                if (!"bearer".equals(parsed[0])) {
                    throw new LexiconException(LexiconError.AUTHENTICATION_REQUIRED, "Invalid authorization header");
                }
                return new Credentials.ServiceAuth(parsed[1]);
            }
            case ACCESS: {
                String jwt = bearer(header);
                AccessClaims claims = pds.sessions().verifyAccessToken(jwt, auth.scopes());
                if (auth.checkTakedown()) {
                    pds.sessions().requireAccount(claims, true);
                }
                return new Credentials.Access(claims, jwt);
            }
            case REFRESH: {
                String jwt = bearer(header);
                RefreshClaims claims = pds.sessions().verifyRefreshToken(jwt, auth.allowExpired());
                return new Credentials.Refresh(claims, jwt);
            }
            case ADMIN:
                return admin(header);
            case ADMIN_OR_MODERATOR: {
                if (header != null && "bearer".equals(parse(header)[0])) {
                    String iss = pds.identity().verifyModerationServiceAuth(parse(header)[1],
                            nsid == null ? "" : nsid);
                    return new Credentials.Moderator(iss);
                }
                return admin(header);
            }
            default:
                throw new IllegalStateException("unknown auth kind " + auth.kind());
        }
    }

    private String bearer(String header) {
        if (header == null) {
            throw authMissing();
        }
        String[] parsed = parse(header);
        if (!"bearer".equals(parsed[0])) {
            throw authMissing();
        }
        return parsed[1];
    }

    private Credentials admin(String header) {
        if (header == null) {
            throw authRequired(); // the reference's admin verifier: 401 AuthenticationRequired, not AuthMissing
        }
        String[] parsed = parse(header);
        if (!"basic".equals(parsed[0])) {
            throw authRequired();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parsed[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw authRequired();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || adminPasswordDigest.isEmpty()) {
            throw authRequired();
        }
        boolean userOk = "admin".equals(decoded.substring(0, colon));
        boolean passwordOk = MessageDigest.isEqual(adminPasswordDigest.get(), sha256(decoded.substring(colon + 1)));
        if (!(userOk & passwordOk)) {
            throw authRequired();
        }
        return new Credentials.Admin();
    }

    /** Splits {@code <scheme> <credentials>}; the scheme lower-cased. */
    private static String[] parse(String header) {
        if (header.length() > MAX_HEADER_LENGTH) {
            throw malformed();
        }
        String[] parts = header.split(" ", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw malformed();
        }
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        if (!scheme.equals("bearer") && !scheme.equals("basic") && !scheme.equals("dpop")) {
            throw new LexiconException(LexiconError.INVALID_TOKEN, "Unsupported authorization type");
        }
        return new String[] {scheme, parts[1]};
    }

    private static LexiconException malformed() {
        return new LexiconException(LexiconError.INVALID_TOKEN, "Malformed authorization header");
    }

    private static LexiconException authMissing() {
        return new LexiconException(LexiconError.AUTH_MISSING, "Authentication Required");
    }

    private static LexiconException authRequired() {
        return new LexiconException(LexiconError.AUTHENTICATION_REQUIRED, "Authentication Required");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "Authenticator[admin " + (adminPasswordDigest.isPresent() ? "enabled" : "disabled") + "]";
    }
}
