package dev.pdsaccounts.token;

import java.util.Arrays;
import java.util.Optional;

/** What an emailed token authorises. One live token per purpose and account. */
public enum EmailTokenPurpose {
    /** Confirm the current email. */
    CONFIRM_EMAIL("confirm_email"),
    /** Change a confirmed email. */
    UPDATE_EMAIL("update_email"),
    /** Reset a forgotten password. */
    RESET_PASSWORD("reset_password"),
    /** Delete the account. */
    DELETE_ACCOUNT("delete_account"),
    /** Sign a PLC operation. */
    PLC_OPERATION("plc_operation"),
    /** Log in with the main password while the email auth factor is on (a sign-in code). */
    AUTH_FACTOR("2fa_code");

    private final String value;

    EmailTokenPurpose(String value) {
        this.value = value;
    }

    /** {@return the reference's stored name, e.g. {@code reset_password}} */
    public String value() {
        return value;
    }

    /**
     * The purpose with this stored name.
     *
     * @param value a stored name, e.g. {@code reset_password}
     * @return the purpose, or empty for an unknown name
     */
    public static Optional<EmailTokenPurpose> fromValue(String value) {
        return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst();
    }
}
