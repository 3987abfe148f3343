package dev.pdsaccounts.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * One mail carrying an email token. The token is the mail's whole point, so it is here in plain text; it
 * is never in {@link #toString()}.
 *
 * @param template  what kind of mail
 * @param to        the recipient address
 * @param token     the token the recipient types in ({@code XXXXX-XXXXX})
 * @param handle    the account's handle (the reset mail greets with it)
 */
public record Mail(MailTemplate template, String to, String token, Optional<String> handle) {
    /** Validates presence. */
    public Mail {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(handle, "handle");
    }

    /** The subject line. */
    public String subject() {
        return template.subject();
    }

    @Override
    public String toString() {
        return "Mail[" + template.id() + " to " + to + "]";
    }
}
