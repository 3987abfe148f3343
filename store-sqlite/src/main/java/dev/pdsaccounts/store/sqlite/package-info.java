/**
 * The embedded default store: {@link dev.pdsaccounts.store.sqlite.SqliteAccountStore}, the JDBC store with the
 * SQLite dialect on one file in WAL mode, which it opens, configures and owns through a small internal
 * connection holder (no pool library).
 */
package dev.pdsaccounts.store.sqlite;
