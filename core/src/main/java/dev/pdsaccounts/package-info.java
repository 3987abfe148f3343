/**
 * The AT Protocol account domain as an embeddable library. Start at {@link dev.pdsaccounts.PdsAccounts}:
 * build it with a {@link dev.pdsaccounts.config.PdsConfig}, {@link dev.pdsaccounts.config.PdsSecrets} and a
 * {@link dev.pdsaccounts.store.AccountStore} adapter, then call its use cases.
 */
package dev.pdsaccounts;
