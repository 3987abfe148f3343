/**
 * The generic JDBC adapter of the store port: {@link dev.pdsaccounts.store.jdbc.JdbcAccountStore} over a
 * host-supplied {@link javax.sql.DataSource}; the public {@link dev.pdsaccounts.store.jdbc.Dialect} SPI (one
 * class and one schema folder per database) with the shipped dialects for PostgreSQL, H2 and SQLite; and the
 * {@link dev.pdsaccounts.store.jdbc.SchemaMigrator} that applies the versioned schema resources under
 * {@code db/pdsaccounts/<dialect>/}.
 */
package dev.pdsaccounts.store.jdbc;
