package dev.pdsaccounts.session;

import java.util.Objects;
import java.util.Optional;

/**
 * The input of a login ({@code com.atproto.server.createSession}). Immutable; {@link #toString()} never shows
 * the password nor the sign-in code.
 *
 * @param identifier      handle, email or DID
 * @param password        the account password or one of its app passwords
 * @param allowTakendown  whether a taken-down account gets a non-refreshable {@link Scope#TAKENDOWN} session
 *                        instead of an {@code AccountTakedown} error (the lexicon's {@code allowTakendown})
 * @param authFactorToken the sign-in code mailed while the account's email auth factor is on (the lexicon's
 *                        {@code authFactorToken}); empty for none
 */
public record CreateSessionInput(String identifier, String password, boolean allowTakendown,
                                 Optional<String> authFactorToken) {

    /**
     * Checks that the code's {@link Optional} is not null (the other components are checked by the login).
     *
     * @param identifier      handle, email or DID
     * @param password        the account password or one of its app passwords
     * @param allowTakendown  whether a taken-down account gets a {@link Scope#TAKENDOWN} session
     * @param authFactorToken the mailed sign-in code, or empty for none
     * @throws NullPointerException if {@code authFactorToken} is null
     */
    public CreateSessionInput {
        Objects.requireNonNull(authFactorToken, "authFactorToken");
    }

    /**
     * An input without a sign-in code.
     *
     * @param identifier     handle, email or DID
     * @param password       the password
     * @param allowTakendown whether a taken-down account gets a {@link Scope#TAKENDOWN} session
     */
    public CreateSessionInput(String identifier, String password, boolean allowTakendown) {
        this(identifier, password, allowTakendown, Optional.empty());
    }

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
        return new CreateSessionInput(identifier, password, allow, authFactorToken);
    }

    /**
     * This input with the sign-in code given (an empty string counts as none, as the reference's {@code if (!token)}).
     *
     * @param code the mailed sign-in code, or empty
     * @return a copy
     */
    public CreateSessionInput withAuthFactorToken(Optional<String> code) {
        return new CreateSessionInput(identifier, password, allowTakendown,
                code == null ? Optional.empty() : code.filter(c -> !c.isEmpty()));
    }

    @Override
    public String toString() {
        return "CreateSessionInput[identifier=" + identifier + ", allowTakendown=" + allowTakendown
                + ", authFactorToken=" + (authFactorToken.isPresent() ? "given" : "-") + "]";
    }
}
