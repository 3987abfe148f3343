package dev.pdsaccounts.service.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
     * The owner's email update, as {@link AccountChanges#updateOwnEmail}: a new email is set (unless another
     * account holds it) with its confirmation cleared and the email auth factor off; the current email stays
     * confirmed; the factor is set when given (on only for the confirmed current email); every email token of the
     * account is deleted.
     *
     * @param email           the normalised email
     * @param emailAuthFactor the factor to set, if given
     */
    record UpdateEmail(String email, Optional<Boolean> emailAuthFactor) implements TokenEffect {
        /** Validates presence. */
        public UpdateEmail {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(emailAuthFactor, "emailAuthFactor");
        }

        /**
         * An email update that leaves the factor as it is (or turns it off with a new email).
         *
         * @param email the normalised email
         */
        public UpdateEmail(String email) {
            this(email, Optional.empty());
        }
    }

    /** Delete the account with everything the store holds for it (as {@code Accounts.deleteAccount}). */
    record DeleteAccount() implements TokenEffect {}
}
