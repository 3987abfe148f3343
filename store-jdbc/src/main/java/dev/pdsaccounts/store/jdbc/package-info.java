/**
 * The generic JDBC adapter of the store port: {@link dev.pdsaccounts.store.jdbc.JdbcAccountStore} over a
 * host-supplied {@link javax.sql.DataSource}, the {@link dev.pdsaccounts.store.jdbc.Dialect} strategies for
 * PostgreSQL, H2 and SQLite, and the {@link dev.pdsaccounts.store.jdbc.SchemaMigrator} that applies the
 * versioned schema resources under {@code db/pdsaccounts/<dialect>/}.
 */
package dev.pdsaccounts.store.jdbc;
