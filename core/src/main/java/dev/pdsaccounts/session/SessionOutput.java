package dev.pdsaccounts.session;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The output of {@code com.atproto.server.createSession} and {@code com.atproto.server.refreshSession} (the two
 * lexicons share one shape). {@link #toString()} leaves out both tokens.
 *
 * @param accessJwt      the access token
 * @param refreshJwt     the refresh token
 * @param handle         the account's handle ({@code handle.invalid} when the stored one is not valid)
 * @param did            the account's DID
 * @param email          the account's email, if it has one
 * @param emailConfirmed whether the email is confirmed
 * @param emailAuthFactor whether a login with the main password needs a mailed sign-in code
 * @param active         the lexicon's {@code active} flag (false when deactivated or taken down)
 * @param status         the lexicon's {@code status} ({@code deactivated}, {@code takendown}); empty when active
 * @param didDoc         the DID document, only when the service is configured to include it and it resolves
 */
public record SessionOutput(String accessJwt, String refreshJwt, String handle, String did, Optional<String> email,
                            boolean emailConfirmed, boolean emailAuthFactor,
                            boolean active, Optional<String> status,
                            Optional<Map<String, Object>> didDoc) {
    /**
     * Validates presence of every component (optional ones as {@link Optional}).
     *
     * @param accessJwt      the access token
     * @param refreshJwt     the refresh token
     * @param handle         the account's handle ({@code handle.invalid} when the stored one is not valid)
     * @param did            the account's DID
     * @param email          the account's email, if it has one
     * @param emailConfirmed whether the email is confirmed
     * @param emailAuthFactor whether a login with the main password needs a mailed sign-in code
     * @param active         the lexicon's {@code active} flag (false when deactivated or taken down)
     * @param status         the lexicon's {@code status} ({@code deactivated}, {@code takendown}); empty when active
     * @param didDoc         the DID document, only when the service is configured to include it and it resolves
     * @throws NullPointerException if a component is null
     */
    public SessionOutput {
        Objects.requireNonNull(accessJwt, "accessJwt");
        Objects.requireNonNull(refreshJwt, "refreshJwt");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(didDoc, "didDoc");
    }

    /** Everything but the tokens (and the DID document, which can be large). */
    @Override
    public String toString() {
        return "SessionOutput[handle=" + handle + ", did=" + did + ", email=" + email.orElse("-")
                + ", emailConfirmed=" + emailConfirmed + ", emailAuthFactor=" + emailAuthFactor + ", active=" + active
                + ", status=" + status.orElse("-")
                + ", didDoc=" + (didDoc.isPresent() ? "present" : "-") + ", tokens hidden]";
    }
}
