package dev.pdsaccounts.account;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@code com.atproto.sync.getRepoStatus}.
 *
 * @param did    the account
 * @param active whether the account is active
 * @param status {@code takendown} or {@code deactivated} when not active (the lexicon's {@code status})
 * @param rev    the repository revision, only for an active account whose host reports one
 */
public record RepoStatus(String did, boolean active, Optional<String> status, Optional<String> rev) {
    /**
     * Validates presence.
     *
     * @param did    the account
     * @param active whether the account is active
     * @param status {@code takendown} or {@code deactivated} when not active (the lexicon's {@code status})
     * @param rev    the repository revision, only for an active account whose host reports one
     * @throws NullPointerException if a component is null
     */
    public RepoStatus {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rev, "rev");
    }
}
