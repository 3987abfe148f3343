package dev.pdsaccounts.mail.smtp;

import dev.pdsaccounts.mail.Mail;

/**
 * Turns a {@link Mail} into what is sent: subject, plain-text body and HTML body. The host replaces the wording
 * by passing its own implementation to {@link SmtpMailer.Builder#templates(MailTemplates)}, usually
 * {@link StandardMailTemplates#builder()} with some templates replaced or added (templates are looked up by
 * {@link dev.pdsaccounts.mail.MailTemplate#id()}, so a new kind of mail only needs a template under its id).
 * Implementations must be thread-safe; they run on the mailer's worker thread.
 */
@FunctionalInterface
public interface MailTemplates {
    /**
     * Renders one mail.
     *
     * @param mail the mail, with its template, recipient, token and handle
     * @return the subject and both bodies
     */
    MailContent render(Mail mail);

    /**
     * The library's wording for every mail of the account domain.
     *
     * @return {@link StandardMailTemplates} with every default
     */
    static MailTemplates defaults() {
        return StandardMailTemplates.builder().build();
    }

    /**
     * A template from two patterns in which {@code {token}}, {@code {handle}} (the handle, or the recipient
     * address when the mail has none, as the reference), {@code {to}}, {@code {subject}} and {@code {content}} (an admin message's text) are replaced; in the
     * HTML pattern the values are HTML-escaped. Other braces are kept as written. The subject is the mail's.
     *
     * @param textPattern the plain-text body
     * @param htmlPattern the HTML body
     * @return the template
     */
    static MailTemplates pattern(String textPattern, String htmlPattern) {
        return new PatternTemplate(null, textPattern, htmlPattern);
    }

    /**
     * Like {@link #pattern(String, String)} with a subject of its own (a pattern too, not escaped; one line).
     *
     * @param subjectPattern the subject line
     * @param textPattern    the plain-text body
     * @param htmlPattern    the HTML body
     * @return the template
     */
    static MailTemplates pattern(String subjectPattern, String textPattern, String htmlPattern) {
        return new PatternTemplate(subjectPattern, textPattern, htmlPattern);
    }
}
