package dev.pdsaccounts.store;

import dev.pdsaccounts.account.Accounts;
import dev.pdsaccounts.identity.SigningKeyReservations;
import dev.pdsaccounts.invite.InviteCodes;
import dev.pdsaccounts.session.AppPasswords;
import dev.pdsaccounts.session.RefreshTokens;
import dev.pdsaccounts.token.EmailTokens;

/**
 * Everything the library persists, as one port an adapter implements: accounts, invite codes, refresh tokens,
 * app passwords, email tokens and reserved signing keys. One interface because several atomic operations span aggregates (an
 * account insert records an invite use and a refresh token; a password reset consumes a token and revokes
 * sessions), and an adapter can only make those atomic if it owns all of them.
 *
 * <p>Contract for implementers (checked by the testkit's {@code AccountStoreContract}):
 * <ul>
 *   <li>every method is atomic and safe to call from many threads (and, for shared databases, from many
 *       processes);</li>
 *   <li>no method returns null; absent values are {@link java.util.Optional#empty()} or empty lists;</li>
 *   <li>expected conflicts are result values; only infrastructure failures throw, as
 *       {@link dev.pdsaccounts.error.StoreException};</li>
 *   <li>handles and emails are given already normalised; the store compares them exactly.</li>
 * </ul>
 */
public interface AccountStore extends Accounts, InviteCodes, RefreshTokens, AppPasswords, EmailTokens,
        SigningKeyReservations {
}
