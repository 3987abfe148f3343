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
 * <p>The tests themselves live in one interface per repository of the port
 * ({@link dev.pdsaccounts.testkit.AccountRepositoryContract},
 * {@link dev.pdsaccounts.testkit.InviteCodeRepositoryContract},
 * {@link dev.pdsaccounts.testkit.RefreshTokenRepositoryContract},
 * {@link dev.pdsaccounts.testkit.AppPasswordRepositoryContract},
 * {@link dev.pdsaccounts.testkit.EmailTokenRepositoryContract},
 * {@link dev.pdsaccounts.testkit.SigningKeyRepositoryContract}), the unit of work
 * ({@link dev.pdsaccounts.testkit.TransactionContract}: commit, rollback, locks, unique keys under concurrency)
 * and the randomised {@link dev.pdsaccounts.testkit.AccountStoreModelContract}, all built on
 * {@link dev.pdsaccounts.testkit.StoreFixture}; test data comes from {@link dev.pdsaccounts.testkit.StoreFixtures}.
 * They check storage only: the account rules are core's, checked over every store by
 * {@link dev.pdsaccounts.testkit.UseCaseContract}.
 */
package dev.pdsaccounts.testkit;
