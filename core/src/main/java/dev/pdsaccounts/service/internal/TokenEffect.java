package dev.pdsaccounts.service.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store does, in the same atomic step, when an email token is used successfully. On any failure
 * (including a conflict of the effect itself) nothing changes and the token is not consumed.
 */
public sealed interface TokenEffect {

    /** Only consume the token. */
    record ConsumeOnly() implements TokenEffect {}

    /** Check the token but do not consume it or change anything. */
    record CheckOnly() implements TokenEffect {}

    /**
     * Set the password hash, delete every refresh token of the account, consume the token.
     *
     * @param passwordHash the new hash
     */
    record SetPassword(String passwordHash) implements TokenEffect {
        /** Validates presence. */
        public SetPassword {
            Objects.requireNonNull(passwordHash, "passwordHash");
        }

        @Override
        public String toString() {
            return "SetPassword[hash hidden]";
        }
    }

    /**
     * Mark the email confirmed if it still equals {@code email}, consume the token.
     *
     * @param email       the normalised email the user confirmed
     * @param confirmedAt when
     */
    record ConfirmEmail(String email, Instant confirmedAt) implements TokenEffect {
        /** Validates presence. */
        public ConfirmEmail {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(confirmedAt, "confirmedAt");
        }
    }

    /**
     * Set the email (unless another account holds it), clear its confirmation, delete every email token of
     * the account.
     *
     * @param email the new normalised email
     */
    record UpdateEmail(String email) implements TokenEffect {
        /** Validates presence. */
        public UpdateEmail {
            Objects.requireNonNull(email, "email");
        }
    }

    /** Delete the account with everything the store holds for it (as {@code Accounts.deleteAccount}). */
    record DeleteAccount() implements TokenEffect {}
}
