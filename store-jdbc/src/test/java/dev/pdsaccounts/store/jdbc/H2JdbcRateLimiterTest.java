package dev.pdsaccounts.store.jdbc;

/** {@link JdbcRateLimiter} on H2 (PostgreSQL mode). */
class H2JdbcRateLimiterTest extends AbstractJdbcRateLimiterTest {
    @Override
    Databases.PooledDatabase database() {
        return Databases.h2();
    }
}
