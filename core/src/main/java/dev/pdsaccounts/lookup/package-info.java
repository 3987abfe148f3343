/**
 * The key a store finder takes ({@link dev.pdsaccounts.lookup.Lookup}): a field of the repository's enum and
 * the value it must equal. A leaf package, so that every aggregate's repository can use it.
 */
package dev.pdsaccounts.lookup;
