package dev.pdsaccounts.mail;

/**
 * Mailer port: delivers {@link Mail}s. Called after the token is stored, outside any store transaction.
 * Implementations must be thread-safe; a failure to deliver throws an
 * {@link dev.pdsaccounts.error.InfrastructureException}, and the stored token stays valid so the user can
 * ask again.
 */
@FunctionalInterface
public interface Mailer {
    /**
     * Sends one mail.
     *
     * @param mail the mail, with its recipient and token
     */
    void send(Mail mail);
}
