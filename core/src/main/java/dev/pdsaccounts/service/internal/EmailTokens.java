package dev.pdsaccounts.service.internal;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
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
 * Issuing an emailed token, reading a typed one, using it within its validity window and the errors of a bad one,
 * written once for every use case that mails one (the email flows of {@code EmailTokenService} and the sign-in
 * codes of {@code Login}). Not API.
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
    /**
     * The stored hash of a typed token; malformed input is invalid without reaching the store.
     *
     * @param typed the token as the user typed it, any case
     * @return its hash at rest
     * @throws LexiconException {@code InvalidToken} "Token is invalid" when it is not a token's shape
     */
    public static String hashOf(String typed) {
        return EmailTokenFormat.hash(EmailTokenFormat.normalize(typed).orElseThrow(EmailTokens::invalid));
    }

    /**
     * Uses the token with this hash in one transaction: {@link AccountChanges#useEmailToken} with the window of
     * tokens issued within {@code ttl} before {@code now}.
     *
     * @param store   the store
     * @param random  randomness for the effect
     * @param now     the current instant
     * @param ttl     the validity of a token
     * @param purpose what the token is for
     * @param did     the account it must belong to, or empty for any
     * @param hash    the token's hash ({@link #hashOf})
     * @param effect  what using it does
     * @return the result, never {@code Invalid} or {@code Expired}
     * @throws LexiconException {@code InvalidToken} "Token is invalid" or {@code ExpiredToken} "Token is expired"
     */
    public static TokenUseResult use(AccountStore store, SecureRandom random, Instant now, Duration ttl,
                                     EmailTokenPurpose purpose, Optional<String> did, String hash, TokenEffect effect) {
        Instant notBefore = issuedNotBefore(now, ttl);
        TokenUseResult result = store.inTransaction(
                tx -> AccountChanges.useEmailToken(tx, purpose, did, hash, notBefore, effect, random));
        if (result instanceof TokenUseResult.Invalid) {
            throw invalid();
        }
        if (result instanceof TokenUseResult.Expired) {
            throw expired();
        }
        return result;
    }

    /** {@return {@code InvalidToken} "Token is invalid": a wrong, used or malformed token} */
    public static LexiconException invalid() {
        return new LexiconException(LexiconError.INVALID_TOKEN, "Token is invalid");
    }

    /** {@return {@code ExpiredToken} "Token is expired": a matching token past its validity} */
    public static LexiconException expired() {
        return new LexiconException(LexiconError.EXPIRED_TOKEN, "Token is expired");
    }

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
