package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.RefreshClaims;
import java.util.Objects;

/**
 * The verified credentials of one request. {@code toString()} never shows a token.
 */
public sealed interface Credentials {
    /** No credentials were needed or sent. */
    record None() implements Credentials {}

    /**
     * A verified access token.
     *
     * @param claims its claims
     * @param jwt    the token as sent
     */
    record Access(AccessClaims claims, String jwt) implements Credentials {
        /**
         * Validates presence.
         *
         * @param claims its claims
         * @param jwt    the token as sent
         * @throws NullPointerException if a component is null
         */
        public Access {
            Objects.requireNonNull(claims, "claims");
            Objects.requireNonNull(jwt, "jwt");
        }

        /** {@return the account's DID} */
        public String did() {
            return claims.did();
        }

        @Override
        public String toString() {
            return "Access[" + claims.did() + ", " + claims.scope() + "]";
        }
    }

    /**
     * A verified refresh token.
     *
     * @param claims its claims
     * @param jwt    the token as sent
     */
    record Refresh(RefreshClaims claims, String jwt) implements Credentials {
        /**
         * Validates presence.
         *
         * @param claims its claims
         * @param jwt    the token as sent
         * @throws NullPointerException if a component is null
         */
        public Refresh {
            Objects.requireNonNull(claims, "claims");
            Objects.requireNonNull(jwt, "jwt");
        }

        @Override
        public String toString() {
            return "Refresh[" + claims.did() + "]";
        }
    }

    /** The administrator (Basic {@code admin:<password>}). */
    record Admin() implements Credentials {}

    /**
     * The moderation service, by a verified service-auth JWT.
     *
     * @param issuer the token's verified {@code iss}
     */
    record Moderator(String issuer) implements Credentials {
        /**
         * Validates presence.
         *
         * @param issuer the token's verified {@code iss}
         * @throws NullPointerException if a component is null
         */
        public Moderator {
            Objects.requireNonNull(issuer, "issuer");
        }
    }

    /**
     * A Bearer service-auth JWT, not verified here: the use case that accepts it verifies it.
     *
     * @param jwt the token as sent
     */
    record ServiceAuth(String jwt) implements Credentials {
        /**
         * Validates presence.
         *
         * @param jwt the token as sent
         * @throws NullPointerException if a component is null
         */
        public ServiceAuth {
            Objects.requireNonNull(jwt, "jwt");
        }

        @Override
        public String toString() {
            return "ServiceAuth[hidden]";
        }
    }
}
