package dev.pdsaccounts.token;

import java.util.Collection;
import java.util.Optional;

/**
 * Persistence of email tokens (kept as hashes), part of {@link dev.pdsaccounts.store.AccountStore}. An account
 * has at most one token per purpose; a token hash is unique per purpose. Plain storage: what using a token
 * does is the domain's ({@link EmailTokenPurpose} and the use cases).
 */
public interface EmailTokenRepository {

    /**
     * Stores the token, replacing the account's previous token of the same purpose.
     *
     * @param token the token, with its hash (never the token itself)
     */
    void upsertEmailToken(EmailToken token);

    /**
     * The account's token of this purpose. Inside a transaction, locks it.
     *
     * @param purpose what the token is for
     * @param did     the account's DID
     * @return the token, or empty
     */
    Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did);

    /**
     * The token of this purpose with this hash, whoever's it is. Inside a transaction, locks it.
     *
     * @param purpose   what the token is for
     * @param tokenHash the hash of the emailed token
     * @return the token, or empty
     */
    Optional<EmailToken> findEmailTokenByHash(EmailTokenPurpose purpose, String tokenHash);

    /**
     * Deletes the account's tokens of the given purposes.
     *
     * @param did      the account's DID
     * @param purposes the purposes whose tokens to delete
     * @return how many existed
     */
    int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes);
}
