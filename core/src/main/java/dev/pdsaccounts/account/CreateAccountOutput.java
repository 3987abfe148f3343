package dev.pdsaccounts.account;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The output of {@code com.atproto.server.createAccount}. {@link #toString()} hides the tokens.
 *
 * @param accessJwt  the access token
 * @param refreshJwt the refresh token
 * @param handle     the normalised handle
 * @param did        the account's DID
 * @param didDoc     the DID document, when it resolved
 */
public record CreateAccountOutput(String accessJwt, String refreshJwt, String handle, String did,
                                  Optional<Map<String, Object>> didDoc) {
    /**
     * Validates presence.
     *
     * @param accessJwt  the access token
     * @param refreshJwt the refresh token
     * @param handle     the normalised handle
     * @param did        the account's DID
     * @param didDoc     the DID document, when it resolved
     * @throws NullPointerException if a component is null
     */
    public CreateAccountOutput {
        Objects.requireNonNull(accessJwt, "accessJwt");
        Objects.requireNonNull(refreshJwt, "refreshJwt");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(didDoc, "didDoc");
    }

    @Override
    public String toString() {
        return "CreateAccountOutput[handle=" + handle + ", did=" + did + ", tokens hidden]";
    }
}
