/** The store port: {@link dev.pdsaccounts.store.AccountStore}, which every persistence adapter implements. */
package dev.pdsaccounts.store;
