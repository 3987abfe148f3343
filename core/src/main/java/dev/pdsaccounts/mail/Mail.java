package dev.pdsaccounts.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * One mail: a token mail (the token is the mail's whole point, so it is here in plain text; it is never in
 * {@link #toString()}), or a free message ({@link MailTemplate#ADMIN_EMAIL}: an empty token, a {@code content}
 * and possibly its own subject).
 *
 * @param template        what kind of mail
 * @param to              the recipient address
 * @param token           the token the recipient types in ({@code XXXXX-XXXXX}); empty for a free message
 * @param handle          the account's handle (the reset mail greets with it)
 * @param customSubject   a subject replacing the template's, if any
 * @param content         the free text of a message (plain text), if any
 */
public record Mail(MailTemplate template, String to, String token, Optional<String> handle,
                   Optional<String> customSubject, Optional<String> content) {
    /**
     * Validates presence.
     *
     * @param template      what kind of mail
     * @param to            the recipient address
     * @param token         the token the recipient types in ({@code XXXXX-XXXXX}); empty for a free message
     * @param handle        the account's handle (the reset mail greets with it)
     * @param customSubject a subject replacing the template's, if any
     * @param content       the free text of a message (plain text), if any
     * @throws NullPointerException if a component is null
     */
    public Mail {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(customSubject, "customSubject");
        Objects.requireNonNull(content, "content");
    }

    /**
     * A token mail with the template's subject and no free content.
     *
     * @param template which mail this is
     * @param to       the recipient's address
     * @param token    the emailed token the mail carries
     * @param handle   the account's handle, shown in a password-reset mail; empty otherwise
     */
    public Mail(MailTemplate template, String to, String token, Optional<String> handle) {
        this(template, to, token, handle, Optional.empty(), Optional.empty());
    }

    /**
     * A free message from an administrator ({@link MailTemplate#ADMIN_EMAIL}).
     *
     * @param to      the recipient address
     * @param subject the subject, or empty for the template's ("Message via your PDS")
     * @param content the message, plain text
     * @param handle  the recipient's handle
     * @return the mail
     */
    public static Mail adminMessage(String to, Optional<String> subject, String content, Optional<String> handle) {
        return new Mail(MailTemplate.ADMIN_EMAIL, to, "", handle, subject, Optional.of(content));
    }

    /** {@return the subject line: {@link #customSubject()} when given, else the template's} */
    public String subject() {
        return customSubject.orElse(template.subject());
    }

    @Override
    public String toString() {
        return "Mail[" + template.id() + " to " + to + "]";
    }
}
