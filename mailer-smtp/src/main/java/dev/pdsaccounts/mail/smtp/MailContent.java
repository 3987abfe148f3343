package dev.pdsaccounts.mail.smtp;

import java.util.Objects;

/**
 * A rendered mail: the subject line, the plain-text body and the HTML body. The bodies carry the token, so
 * {@link #toString()} shows neither.
 *
 * @param subject the subject line
 * @param text    the {@code text/plain} body
 * @param html    the {@code text/html} body
 */
public record MailContent(String subject, String text, String html) {
    /**
     * Validates presence; a subject is one line.
     *
     * @param subject the subject line
     * @param text    the {@code text/plain} body
     * @param html    the {@code text/html} body
     */
    public MailContent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a subject is one line");
        }
    }

    @Override
    public String toString() {
        return "MailContent[" + subject + ", bodies hidden]";
    }
}
