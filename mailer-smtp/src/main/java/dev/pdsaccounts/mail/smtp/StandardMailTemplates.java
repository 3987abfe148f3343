package dev.pdsaccounts.mail.smtp;

import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The library's wording: one template per {@link MailTemplate#id() mail id}, each with the reference PDS's
 * subject (the mail's own), a plain-text and an HTML body holding the token (and, for a password reset, the
 * handle); the administrator's free message ({@code adminEmail}) carries its {@code {content}} instead. A mail whose id has no template gets the {@linkplain #GENERIC generic template} (its subject and the
 * token), so a new kind of mail is sent before anyone words it. The host replaces or adds templates by id:
 *
 * <pre>{@code
 * MailTemplates templates = StandardMailTemplates.builder()
 *         .template("resetPassword", MailTemplates.pattern(
 *                 "Hi {handle}, your reset code is {token}.",
 *                 "<p>Hi {handle}, your reset code is <b>{token}</b>.</p>"))
 *         .build();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class StandardMailTemplates implements MailTemplates {
    /** The template of a mail whose id has none of its own: the mail's subject and its token. */
    public static final MailTemplates GENERIC = standard(
            "You asked for a code on your account. Enter it in your app:",
            "If you did not ask for this, ignore this mail.");

    private static final Map<String, MailTemplates> DEFAULTS = Map.of(
            MailTemplate.RESET_PASSWORD.id(), standard(
                    "Hello {handle},\n\nWe received a request to reset the password of your account. To choose a "
                            + "new password, enter this reset code in your app:",
                    "If you did not ask for this, ignore this mail: your password stays as it is."),
            MailTemplate.DELETE_ACCOUNT.id(), standard(
                    "We received a request to delete your account. To confirm the deletion, enter this code in "
                            + "your app:",
                    "If you did not ask for this, ignore this mail and change your password: nothing is deleted "
                            + "without this code."),
            MailTemplate.CONFIRM_EMAIL.id(), standard(
                    "To confirm this email address for your account, enter this code in your app:",
                    "If you did not ask for this, ignore this mail."),
            MailTemplate.UPDATE_EMAIL.id(), standard(
                    "We received a request to change the email address of your account. To confirm the change, "
                            + "enter this code in your app:",
                    "If you did not ask for this, ignore this mail: your email address stays as it is."),
            MailTemplate.PLC_OPERATION.id(), standard(
                    "We received a request to update the identity of your account (a PLC operation, which can "
                            + "change its keys or move it to another server). To approve it, enter this code in "
                            + "your app:",
                    "If you did not ask for this, share this code with no one and change your password."),
            MailTemplate.SIGN_IN_CODE.id(), standard(
                    "Hello {handle},\n\nSomeone signed in to your account with its password. Your account asks for "
                            + "a sign-in code as well: to finish signing in, enter this code in your app (it is "
                            + "valid for 15 minutes):",
                    "If you did not try to sign in, someone else knows your password: share this code with no one "
                            + "and change your password."),
            MailTemplate.ADMIN_EMAIL.id(), MailTemplates.pattern("{content}\n",
                    "<!DOCTYPE html>\n<html><body>\n<p style=\"white-space:pre-wrap\">{content}</p>\n</body></html>\n"));

    private final Map<String, MailTemplates> byId;
    private final MailTemplates fallback;

    private StandardMailTemplates(Builder b) {
        this.byId = Map.copyOf(b.byId);
        this.fallback = b.fallback;
    }

    /**
     * A builder holding the library's template for every mail id of {@link MailTemplate}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The ids that have a template of their own.
     *
     * @return the ids
     */
    public Set<String> ids() {
        return byId.keySet();
    }

    @Override
    public MailContent render(Mail mail) {
        return byId.getOrDefault(mail.template().id(), fallback).render(mail);
    }

    /** Intro paragraphs, the token on a line of its own, a closing paragraph; in text and in HTML. */
    private static MailTemplates standard(String intro, String outro) {
        String text = intro + "\n\n    {token}\n\n" + outro + "\n";
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        for (String paragraph : intro.split("\n\n")) {
            html.append("<p>").append(paragraph).append("</p>\n");
        }
        html.append("<p style=\"font-family:monospace;font-size:1.4em;font-weight:bold;letter-spacing:0.1em\">"
                + "{token}</p>\n");
        html.append("<p>").append(outro).append("</p>\n</body></html>\n");
        return MailTemplates.pattern(text, html.toString());
    }

    /** Builder of {@link StandardMailTemplates}; not thread-safe. */
    public static final class Builder {
        private final Map<String, MailTemplates> byId = new LinkedHashMap<>(DEFAULTS);
        private MailTemplates fallback = GENERIC;

        private Builder() {
        }

        /**
         * Replaces the template of a mail id, or adds one for a new id.
         *
         * @param id       a {@link MailTemplate#id()}, e.g. {@code resetPassword}
         * @param template its template
         * @return this
         */
        public Builder template(String id, MailTemplates template) {
            byId.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(template, "template"));
            return this;
        }

        /**
         * The template of mail ids without one of their own (default {@link #GENERIC}).
         *
         * @param template the fallback
         * @return this
         */
        public Builder fallback(MailTemplates template) {
            this.fallback = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * @return the templates
         */
        public StandardMailTemplates build() {
            return new StandardMailTemplates(this);
        }
    }
}
