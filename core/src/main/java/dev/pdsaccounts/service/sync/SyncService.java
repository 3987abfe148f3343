package dev.pdsaccounts.service.sync;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.RepoRevisions;
import dev.pdsaccounts.account.RepoStatus;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import java.util.Objects;
import java.util.Optional;

/**
 * The account part of {@code com.atproto.sync.*}: what a relay asks a PDS about an account's repository.
 */
public final class SyncService {
    private final AccountStore store;
    private final RepoRevisions revisions;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder.
     *
     * @param store     the store port
     * @param revisions the host's repository revisions
     */
    public SyncService(AccountStore store, RepoRevisions revisions) {
        this.store = Objects.requireNonNull(store, "store");
        this.revisions = Objects.requireNonNull(revisions, "revisions");
    }

    /**
     * {@code com.atproto.sync.getRepoStatus} (no auth): the account's status whatever it is; the host's
     * {@link RepoRevisions} {@code rev} is added for an active account only.
     *
     * @param did the account
     * @return {@code {did, active, status?, rev?}}
     * @throws LexiconException {@code InvalidRequest} for a malformed DID; {@code RepoNotFound} "Could not find
     *                          repo for DID: &lt;did&gt;" for an unknown one
     */
    public RepoStatus getRepoStatus(String did) {
        if (did == null || !Did.isValid(did)) {
            throw LexiconException.invalidRequest("Invalid did: must be a DID");
        }
        Account account = store.findAccountByDid(did).orElseThrow(
                () -> new LexiconException(LexiconError.REPO_NOT_FOUND, "Could not find repo for DID: " + did));
        AccountStatus status = account.status();
        Optional<String> rev = Optional.empty();
        if (status.isActive()) {
            rev = Objects.requireNonNull(revisions.latestRev(did), "RepoRevisions returned null");
        }
        return new RepoStatus(account.did(), status.isActive(), status.lexiconValue(), rev);
    }
}
