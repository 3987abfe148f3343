package dev.pdsaccounts.session;

/**
 * The input of a login ({@code com.atproto.server.createSession}). Immutable; {@link #toString()} never shows
 * the password.
 *
 * @param identifier     handle, email or DID
 * @param password       the account password or one of its app passwords
 * @param allowTakendown whether a taken-down account gets a non-refreshable {@link Scope#TAKENDOWN} session
 *                       instead of an {@code AccountTakedown} error (the lexicon's {@code allowTakendown})
 */
public record CreateSessionInput(String identifier, String password, boolean allowTakendown) {

    /**
     * A login that refuses taken-down accounts.
     *
     * @param identifier handle, email or DID
     * @param password   the password
     * @return the input
     */
    public static CreateSessionInput of(String identifier, String password) {
        return new CreateSessionInput(identifier, password, false);
    }

    /**
     * This input with {@code allowTakendown} set as given.
     *
     * @param allow whether a taken-down account gets a {@link Scope#TAKENDOWN} session
     * @return a copy
     */
    public CreateSessionInput withAllowTakendown(boolean allow) {
        return new CreateSessionInput(identifier, password, allow);
    }

    @Override
    public String toString() {
        return "CreateSessionInput[identifier=" + identifier + ", allowTakendown=" + allowTakendown + "]";
    }
}
