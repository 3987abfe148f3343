/**
 * The in-memory store adapter: {@link dev.pdsaccounts.store.memory.InMemoryAccountStore}, a thread-safe
 * {@link dev.pdsaccounts.store.AccountStore} for tests, demos and hosts that need no durability.
 */
package dev.pdsaccounts.store.memory;
