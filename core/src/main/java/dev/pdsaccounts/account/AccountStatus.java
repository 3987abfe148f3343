package dev.pdsaccounts.account;

import java.util.Optional;

/**
 * An account's status as the lexicons report it ({@code status} knownValues). Takedown wins over
 * deactivation; an account with no row is {@link #DELETED}.
 */
public enum AccountStatus {
    /** Active: logs in, refreshes, resolves. */
    ACTIVE(null),
    /** Deactivated by its owner or an admin: logs in, reports {@code active: false}. */
    DEACTIVATED("deactivated"),
    /** Taken down by an admin: cannot log in (unless {@code allowTakendown}) or refresh. */
    TAKENDOWN("takendown"),
    /** No such account (never stored; the result of looking up a deleted one). */
    DELETED("deleted");

    private final String lexiconValue;

    AccountStatus(String lexiconValue) {
        this.lexiconValue = lexiconValue;
    }

    /** {@return the lexicon's {@code status} field value; empty for an active account (the field is omitted)} */
    public Optional<String> lexiconValue() {
        return Optional.ofNullable(lexiconValue);
    }

    /** {@return whether the lexicon's {@code active} flag is true} */
    public boolean isActive() {
        return this == ACTIVE;
    }
}
