package dev.pdsaccounts.token;

import java.time.Instant;
import java.util.Optional;

/** Store port for email tokens (kept hashed). Each method is atomic. Implementations MUST NOT return null. */
public interface EmailTokens {

    /** Stores the token, replacing the account's previous token of the same purpose. */
    void upsertEmailToken(EmailToken token);

    /** The account's live token row of this purpose. */
    Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did);

    /**
     * Uses a token: finds the row by purpose and token hash (and by account when {@code did} is given); none
     * is {@link TokenUseResult.Invalid}; one issued before {@code issuedNotBefore} is
     * {@link TokenUseResult.Expired}; otherwise applies {@code effect} and (unless the effect is
     * {@link TokenEffect.CheckOnly}) deletes the token, all in one step. Two concurrent uses of one token:
     * exactly one is {@link TokenUseResult.Used}.
     */
    TokenUseResult useEmailToken(EmailTokenPurpose purpose, Optional<String> did, String tokenHash,
                                 Instant issuedNotBefore, TokenEffect effect);

    /** Deletes every email token of the account; returns how many. */
    int deleteEmailTokensOf(String did);
}
