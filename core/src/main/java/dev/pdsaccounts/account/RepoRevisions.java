package dev.pdsaccounts.account;

import java.util.Optional;

/**
 * The host's hook for the repository revision ({@code rev}) that {@code com.atproto.sync.getRepoStatus} reports
 * for an active account: this library holds accounts, not repositories, so the host that stores the repository
 * answers it. Implementations must not return {@code null}.
 */
@FunctionalInterface
public interface RepoRevisions {
    /** No repository known: {@code rev} is omitted. */
    RepoRevisions NONE = did -> Optional.empty();

    /**
     * The current revision (a TID) of the account's repository.
     *
     * @param did the account
     * @return the revision, or empty to omit it
     */
    Optional<String> latestRev(String did);
}
