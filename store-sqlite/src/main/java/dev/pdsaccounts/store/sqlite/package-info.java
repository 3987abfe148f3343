/**
 * The embedded default store: {@link dev.pdsaccounts.store.sqlite.SqliteAccountStore}, one SQLite file in WAL
 * mode, served by the JDBC store's SQLite dialect over a small internal connection holder (no pool library).
 */
package dev.pdsaccounts.store.sqlite;
