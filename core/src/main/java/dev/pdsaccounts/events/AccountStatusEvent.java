package dev.pdsaccounts.events;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The account's status changed. The reference sequences an {@code #account} event {@code (did, active, status)}
 * for it: {@link #active()} and {@link #lexiconStatus()} are those two fields. The status is the one the change
 * left, so lifting a takedown from a deactivated account is {@link Change#RESTORED} with status
 * {@link AccountStatus#DEACTIVATED}. A change that leaves the status as it was (deactivating a deactivated or
 * taken-down account, a new takedown reference) publishes nothing.
 *
 * @param did    the account
 * @param active whether the account is active now (the lexicon's {@code active})
 * @param status the status now
 * @param change what happened
 * @param time   when the event was published
 */
public record AccountStatusEvent(String did, boolean active, AccountStatus status, Change change, Instant time)
        implements AccountEvent {
    /** What changed. */
    public enum Change {
        /** A deactivated account became active (by its owner or an admin). */
        ACTIVATED,
        /** An active account was deactivated (by its owner or an admin). */
        DEACTIVATED,
        /** An admin took the account down. */
        TAKEN_DOWN,
        /** An admin lifted the takedown. */
        RESTORED,
        /** The account was deleted (by its owner with a token, or an admin); status {@link AccountStatus#DELETED}. */
        DELETED
    }

    /**
     * Checks the fields: {@code active} must be the status's.
     *
     * @param did    the account
     * @param active whether active
     * @param status the status
     * @param change what happened
     * @param time   when
     */
    public AccountStatusEvent {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(time, "time");
        if (active != status.isActive()) {
            throw new IllegalArgumentException("active must be " + status.isActive() + " for status " + status);
        }
    }

    /**
     * The lexicon's {@code status} field.
     *
     * @return {@code takendown}, {@code deactivated} or {@code deleted}; empty for an active account
     */
    public Optional<String> lexiconStatus() {
        return status.lexiconValue();
    }

    /**
     * The event of a change from {@code before} to {@code after} (the same account), if its status changed.
     *
     * @param before the account before the change
     * @param after  the account after it
     * @param time   when
     * @return the event; empty when the status is the same
     */
    public static Optional<AccountStatusEvent> between(Account before, Account after, Instant time) {
        AccountStatus from = before.status();
        AccountStatus to = after.status();
        if (from == to) {
            return Optional.empty();
        }
        Change change;
        if (to == AccountStatus.TAKENDOWN) {
            change = Change.TAKEN_DOWN;
        } else if (from == AccountStatus.TAKENDOWN) {
            change = Change.RESTORED;
        } else if (to == AccountStatus.ACTIVE) {
            change = Change.ACTIVATED;
        } else {
            change = Change.DEACTIVATED;
        }
        return Optional.of(new AccountStatusEvent(after.did(), to.isActive(), to, change, time));
    }

    /**
     * The event of a deletion.
     *
     * @param did  the deleted account
     * @param time when
     * @return the event
     */
    public static AccountStatusEvent deleted(String did, Instant time) {
        return new AccountStatusEvent(did, false, AccountStatus.DELETED, Change.DELETED, time);
    }
}
