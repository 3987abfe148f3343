/**
 * The published store contract suite. A store adapter (ours or a third party's) proves it implements
 * {@link dev.pdsaccounts.store.AccountStore} correctly by subclassing one class,
 * {@link dev.pdsaccounts.testkit.AccountStoreContract}, and supplying a fresh store per test:
 *
 * <pre>{@code
 * class MyAccountStoreTest extends AccountStoreContract {
 *     @Override
 *     protected AccountStore createStore() {
 *         return new MyAccountStore(freshDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>The tests themselves live in one interface per aggregate ({@link dev.pdsaccounts.testkit.AccountsContract},
 * {@link dev.pdsaccounts.testkit.InviteCodesContract}, {@link dev.pdsaccounts.testkit.RefreshTokensContract},
 * {@link dev.pdsaccounts.testkit.AppPasswordsContract}, {@link dev.pdsaccounts.testkit.EmailTokensContract},
 * {@link dev.pdsaccounts.testkit.SigningKeyReservationsContract}, and the randomised {@link dev.pdsaccounts.testkit.AccountStoreModelContract}), all built on
 * {@link dev.pdsaccounts.testkit.StoreFixture}; test data comes from
 * {@link dev.pdsaccounts.testkit.StoreFixtures}.
 */
package dev.pdsaccounts.testkit;
