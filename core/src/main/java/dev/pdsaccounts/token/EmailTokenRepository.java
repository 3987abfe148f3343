package dev.pdsaccounts.token;

import dev.pdsaccounts.lookup.Lookup;
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
     * The token of this purpose whose account DID or hash (as the lookup says) equals the lookup's value.
     * Inside a transaction, locks it. One statement: the lookup names the column compared besides the purpose.
     *
     * @param purpose what the token is for
     * @param key     the field compared and its value
     * @return the token, or empty
     */
    Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, Lookup<EmailTokenField> key);

    /**
     * {@return the account's token of this purpose} Inside a transaction, locks it. Stores need not implement
     * it: it is {@link #findEmailToken(EmailTokenPurpose, Lookup)} by {@link EmailTokenField#ACCOUNT}.
     *
     * @param purpose what the token is for
     * @param did     the account's DID
     */
    default Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did) {
        return findEmailToken(purpose, new Lookup<>(EmailTokenField.ACCOUNT, did));
    }

    /**
     * {@return the token of this purpose with this hash, whoever's it is} Inside a transaction, locks it. Stores
     * need not implement it: it is {@link #findEmailToken(EmailTokenPurpose, Lookup)} by
     * {@link EmailTokenField#TOKEN_HASH}.
     *
     * @param purpose   what the token is for
     * @param tokenHash the hash of the emailed token
     */
    default Optional<EmailToken> findEmailTokenByHash(EmailTokenPurpose purpose, String tokenHash) {
        return findEmailToken(purpose, new Lookup<>(EmailTokenField.TOKEN_HASH, tokenHash));
    }

    /**
     * Deletes the account's tokens of the given purposes.
     *
     * @param did      the account's DID
     * @param purposes the purposes whose tokens to delete
     * @return how many existed
     */
    int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes);
}
