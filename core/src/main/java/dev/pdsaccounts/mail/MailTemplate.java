package dev.pdsaccounts.mail;

/** The mails the account domain sends, with the reference PDS's subjects. */
public enum MailTemplate {
    /** A password-reset token. */
    RESET_PASSWORD("resetPassword", "Password Reset Requested"),
    /** An account-deletion token. */
    DELETE_ACCOUNT("deleteAccount", "Account Deletion Requested"),
    /** An email-confirmation token. */
    CONFIRM_EMAIL("confirmEmail", "Email Confirmation"),
    /** An email-update token. */
    UPDATE_EMAIL("updateEmail", "Email Update Requested"),
    /** A PLC-operation token. */
    PLC_OPERATION("plcOperation", "PLC Update Operation Requested"),
    /** A sign-in code: a login with the main password while the account's email auth factor is on. */
    SIGN_IN_CODE("signInCode", "Sign-in code"),
    /**
     * A free message from an administrator ({@code com.atproto.admin.sendEmail}): no token; the body is
     * {@link Mail#content()} and the subject {@link Mail#subject()} (default "Message via your PDS").
     */
    ADMIN_EMAIL("adminEmail", "Message via your PDS");

    private final String id;
    private final String subject;

    MailTemplate(String id, String subject) {
        this.id = id;
        this.subject = subject;
    }

    /** {@return a stable identifier, e.g. {@code resetPassword}} */
    public String id() {
        return id;
    }

    /** {@return the reference's subject line} */
    public String subject() {
        return subject;
    }
}
