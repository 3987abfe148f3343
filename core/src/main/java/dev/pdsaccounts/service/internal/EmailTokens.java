package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenFormat;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Issuing an emailed token and its validity window, written once for every use case that mails one (the email
 * flows of {@code EmailTokenService} and the sign-in codes of {@code Login}). Not API.
 */
public final class EmailTokens {
    private EmailTokens() {}

    /**
     * The oldest {@code requestedAt} still valid at {@code now}: a token is valid while
     * {@code now < requestedAt + ttl}, i.e. {@code requestedAt > now - ttl} (instants in milliseconds).
     *
     * @param now the current instant
     * @param ttl the validity of a token
     * @return the first valid {@code requestedAt}
     */
    public static Instant issuedNotBefore(Instant now, Duration ttl) {
        return now.minus(ttl).plusMillis(1);
    }

    /**
     * Stores a fresh token of {@code purpose} for the account (replacing its previous one) while the account still
     * exists (its row locked), then mails it to the account's email. A vanished account gets neither.
     *
     * @param store    the store port
     * @param mailer   the mailer port
     * @param random   the randomness of the token
     * @param now      its {@code requestedAt}
     * @param account  the account, with an email
     * @param purpose  what the token authorises
     * @param template the mail
     * @param handle   the handle the mail names, if any
     * @return whether the token was stored and mailed
     * @throws InfrastructureException when the mailer fails (the token stays stored; never the mailer's message,
     *                                 which may quote the mail, token included)
     */
    public static boolean issue(AccountStore store, Mailer mailer, SecureRandom random, Instant now, Account account,
                                EmailTokenPurpose purpose, MailTemplate template, Optional<String> handle) {
        String to = account.email().orElseThrow(() -> new IllegalArgumentException("account has no email"));
        String token = EmailTokenFormat.generate(random);
        EmailToken row = new EmailToken(purpose, account.did(), EmailTokenFormat.hash(token), now);
        // Stored only while the account exists (its row locked), so a deletion racing the request leaves no
        // token behind; a vanished account gets no mail.
        boolean stored = store.inTransaction(tx -> {
            if (tx.findAccountByDid(row.did()).isEmpty()) {
                return false;
            }
            tx.upsertEmailToken(row);
            return true;
        });
        if (!stored) {
            return false;
        }
        Mail mail = new Mail(template, to, token, handle);
        try {
            mailer.send(mail);
        } catch (InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureException("mailer failed to send " + template.id(), e);
        }
        return true;
    }
}
