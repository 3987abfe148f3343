package dev.pdsaccounts.store;

import dev.pdsaccounts.account.AccountRepository;
import dev.pdsaccounts.identity.SigningKeyRepository;
import dev.pdsaccounts.invite.InviteCodeRepository;
import dev.pdsaccounts.session.AppPasswordRepository;
import dev.pdsaccounts.session.RefreshTokenRepository;
import dev.pdsaccounts.token.EmailTokenRepository;

/**
 * Every repository of the store: what a use case reads and writes, either on the {@link AccountStore} itself
 * (each call its own atomic step) or on the transaction {@link AccountStore#inTransaction} hands out.
 */
public interface StoreAccess extends AccountRepository, InviteCodeRepository, RefreshTokenRepository,
        AppPasswordRepository, EmailTokenRepository, SigningKeyRepository {
}
