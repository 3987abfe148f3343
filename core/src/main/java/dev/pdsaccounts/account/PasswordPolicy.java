package dev.pdsaccounts.account;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/**
 * Password length rules. Lengths are counted in UTF-16 code units ({@link String#length()}), as the reference
 * counts JavaScript string length. The reference has no minimum ({@code PasswordPolicy.of(0)}); a host may set
 * one. Strength rules are deliberately absent: the reference has none.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PasswordPolicy {
    /** Longest new password accepted (the reference's {@code NEW_PASSWORD_MAX_LENGTH}). */
    public static final int NEW_PASSWORD_MAX_LENGTH = 256;

    /** Longest password ever compared against a stored hash (the reference's {@code OLD_PASSWORD_MAX_LENGTH}). */
    public static final int OLD_PASSWORD_MAX_LENGTH = 512;

    private final int minLength;

    private PasswordPolicy(int minLength) {
        this.minLength = minLength;
    }

    /**
     * Builds a policy.
     *
     * @param minLength the minimum length of a new password; 0 for none (the reference default)
     * @return the policy
     * @throws IllegalArgumentException when {@code minLength} is negative or above
     *     {@link #NEW_PASSWORD_MAX_LENGTH} (no password could pass; a configuration error)
     */
    public static PasswordPolicy of(int minLength) {
        if (minLength < 0 || minLength > NEW_PASSWORD_MAX_LENGTH) {
            throw new IllegalArgumentException("minLength must be within 0.." + NEW_PASSWORD_MAX_LENGTH + ": " + minLength);
        }
        return new PasswordPolicy(minLength);
    }

    /**
     * The configured minimum length of a new password.
     *
     * @return the minimum, 0 for none
     */
    public int minLength() {
        return minLength;
    }

    /**
     * Checks a new password (sign-up, reset, change).
     *
     * @param password the new password
     * @throws LexiconException {@code InvalidPassword}: "Password is required" ({@code null} or empty),
     *     "Password too long. Maximum length is 256 characters.", or "Password too short. Minimum length is N
     *     characters."
     */
    public void checkNew(String password) {
        if (password == null || password.isEmpty()) {
            throw new LexiconException(LexiconError.INVALID_PASSWORD, "Password is required");
        }
        if (password.length() > NEW_PASSWORD_MAX_LENGTH) {
            throw new LexiconException(LexiconError.INVALID_PASSWORD,
                    "Password too long. Maximum length is " + NEW_PASSWORD_MAX_LENGTH + " characters.");
        }
        if (password.length() < minLength) {
            throw new LexiconException(LexiconError.INVALID_PASSWORD,
                    "Password too short. Minimum length is " + minLength + " characters.");
        }
    }

    /**
     * Checks a new password as the reference's password reset and admin password change do: {@link #checkNew},
     * with every length problem reported as "Invalid password length.". The error name is {@code InvalidRequest}:
     * the lexicons of {@code resetPassword} and {@code admin.updateAccountPassword} declare no
     * {@code InvalidPassword} (that is createAccount's), and the reference answers its generic
     * {@code InvalidRequestError}.
     *
     * @param password the new password
     * @throws LexiconException {@code InvalidRequest}: "Password is required" ({@code null} or empty), or
     *     "Invalid password length." (too long, or shorter than the minimum)
     */
    public void checkReset(String password) {
        try {
            checkNew(password);
        } catch (LexiconException e) {
            if (password == null || password.isEmpty()) {
                throw new LexiconException(LexiconError.INVALID_REQUEST, e.getMessage());
            }
            throw new LexiconException(LexiconError.INVALID_REQUEST, "Invalid password length.");
        }
    }

    /**
     * Whether a password offered for verification (login, account deletion) may be compared at all; longer input
     * is refused before any hashing, so that it cannot be used to burn CPU.
     *
     * @param password the offered password
     * @return {@code true} when non-null and at most {@link #OLD_PASSWORD_MAX_LENGTH} characters
     */
    public boolean fitsOld(String password) {
        return password != null && password.length() <= OLD_PASSWORD_MAX_LENGTH;
    }
}
