package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.session.Scope;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What credentials a route accepts (reference section 3.16), checked by {@link Authenticator} before the input
 * is read.
 *
 * @param kind          the credential kind
 * @param scopes        for {@link Kind#ACCESS}: the access-token scopes accepted
 * @param checkTakedown for {@link Kind#ACCESS}: whether a taken-down account is refused
 * @param allowExpired  for {@link Kind#REFRESH}: whether an expired refresh token is accepted (logout)
 */
public record Auth(Kind kind, Set<Scope> scopes, boolean checkTakedown, boolean allowExpired) {
    /** The credential kinds. */
    public enum Kind {
        /** No credentials; an {@code Authorization} header is ignored. */
        NONE,
        /** No credentials, or a service-auth Bearer JWT (createAccount for imports). */
        OPTIONAL_SERVICE_AUTH,
        /** A Bearer access JWT with one of the scopes. */
        ACCESS,
        /** A Bearer refresh JWT. */
        REFRESH,
        /** Basic {@code admin:<admin password>}. */
        ADMIN,
        /**
         * Basic {@code admin:<admin password>}, or a Bearer service-auth JWT of the configured moderation service
         * ({@code PdsConfig.moderationServiceDid}), as the reference's moderation methods.
         */
        ADMIN_OR_MODERATOR
    }

    /**
     * Copies the scopes.
     *
     * @param kind          the credential kind
     * @param scopes        for {@link Kind#ACCESS}: the access-token scopes accepted
     * @param checkTakedown for {@link Kind#ACCESS}: whether a taken-down account is refused
     * @param allowExpired  for {@link Kind#REFRESH}: whether an expired refresh token is accepted (logout)
     * @throws NullPointerException if a component is null
     */
    public Auth {
        Objects.requireNonNull(kind, "kind");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** {@return the requirement of no credentials} */
    public static Auth none() {
        return new Auth(Kind.NONE, Set.of(), false, false);
    }

    /** {@return the requirement of an optional service-auth token (createAccount)} */
    public static Auth optionalServiceAuth() {
        return new Auth(Kind.OPTIONAL_SERVICE_AUTH, Set.of(), false, false);
    }

    /**
     * An access token with one of {@code scopes}.
     *
     * @param scopes        the scopes the route accepts
     * @param checkTakedown whether a taken-down account is refused
     * @return the requirement
     */
    public static Auth access(Set<Scope> scopes, boolean checkTakedown) {
        return new Auth(Kind.ACCESS, scopes, checkTakedown, false);
    }

    /**
     * A refresh token.
     *
     * @param allowExpired whether an expired token is accepted (logout)
     * @return the requirement
     */
    public static Auth refresh(boolean allowExpired) {
        return new Auth(Kind.REFRESH, Set.of(), false, allowExpired);
    }

    /** {@return the requirement of the admin Basic credential} */
    public static Auth admin() {
        return new Auth(Kind.ADMIN, Set.of(), false, false);
    }

    /** {@return the requirement of the admin Basic credential or the moderation service's service-auth JWT} */
    public static Auth adminOrModerator() {
        return new Auth(Kind.ADMIN_OR_MODERATOR, Set.of(), false, false);
    }

    /** {@return whether this is one of the admin kinds} Their failed attempts are rate-limited per IP. */
    public boolean isAdmin() {
        return kind == Kind.ADMIN || kind == Kind.ADMIN_OR_MODERATOR;
    }
}
