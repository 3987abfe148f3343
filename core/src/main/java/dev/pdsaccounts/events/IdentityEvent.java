package dev.pdsaccounts.events;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The account's identity changed: it was created here, or its handle changed (with the PLC operation that
 * points a did:plc at the new handle). The reference sequences an {@code #identity} event {@code (did, handle)}
 * for it; for a new account ({@link Change#CREATED}) also an {@code #account} event with {@code active: true}.
 *
 * @param did    the account
 * @param handle the handle the account holds after the change
 * @param change what happened
 * @param time   when the event was published
 */
public record IdentityEvent(String did, String handle, Change change, Instant time) implements AccountEvent {
    /** What changed. */
    public enum Change {
        /** An active account was created here (a new did:plc, or an entryway-style creation with its operation). */
        CREATED,
        /**
         * An account migrating here was created with its existing DID and is deactivated until it is activated
         * (the reference sequences nothing for it; its activation is an {@link AccountStatusEvent}).
         */
        IMPORTED,
        /** The handle changed (for a did:plc, after the PLC directory took the operation naming it). */
        HANDLE_CHANGED,
        /**
         * The DID document changed by a PLC operation the account submitted ({@code submitPlcOperation}); the
         * reference sequences an {@code #identity} event for it.
         */
        DOCUMENT_CHANGED
    }

    /**
     * Checks the fields.
     *
     * @param did    the account
     * @param handle the handle
     * @param change what happened
     * @param time   when
     */
    public IdentityEvent {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(time, "time");
    }

    /**
     * The event of a newly stored account: {@link Change#IMPORTED} when it was created deactivated (a migration),
     * else {@link Change#CREATED}.
     *
     * @param account the account as stored
     * @param time    when
     * @return the event
     */
    public static IdentityEvent created(Account account, Instant time) {
        Change change = account.status() == AccountStatus.ACTIVE ? Change.CREATED : Change.IMPORTED;
        return new IdentityEvent(account.did(), account.handle(), change, time);
    }

    /**
     * The event of a DID document change by a submitted PLC operation.
     *
     * @param did    the account
     * @param handle its handle
     * @param time   when
     * @return the event
     */
    public static IdentityEvent documentChanged(String did, String handle, Instant time) {
        return new IdentityEvent(did, handle, Change.DOCUMENT_CHANGED, time);
    }

    /**
     * A handle change.
     *
     * @param did    the account
     * @param handle the new handle
     * @param time   when
     * @return the event
     */
    public static IdentityEvent handleChanged(String did, String handle, Instant time) {
        return new IdentityEvent(did, handle, Change.HANDLE_CHANGED, time);
    }
}
