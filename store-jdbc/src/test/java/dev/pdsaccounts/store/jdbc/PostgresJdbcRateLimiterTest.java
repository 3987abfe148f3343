package dev.pdsaccounts.store.jdbc;

/**
 * {@link JdbcRateLimiter} on PostgreSQL (skipped without {@code -Dpdsaccounts.test.postgres.url}, required in CI),
 * including two limiter instances on one database sharing one limit.
 */
class PostgresJdbcRateLimiterTest extends AbstractJdbcRateLimiterTest {
    @Override
    Databases.PooledDatabase database() {
        return Databases.postgres();
    }
}
