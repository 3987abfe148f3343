package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.ratelimit.InMemoryRateLimiter;
import dev.pdsaccounts.ratelimit.RateLimit;
import dev.pdsaccounts.ratelimit.RateLimitDecision;
import dev.pdsaccounts.ratelimit.RateLimitRequest;
import dev.pdsaccounts.ratelimit.RateLimitedAction;
import dev.pdsaccounts.ratelimit.RateLimiter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link RateLimiter} whose counters live in the database (table {@code rate_limit}, schema version 3 of
 * {@link SchemaMigrator}), so every instance of a host on one database enforces one limit. Fixed windows, as
 * {@link InMemoryRateLimiter}: a window starts at the first call of a key and resets when it ends; a refused
 * call still counts; the decision is {@link RateLimitDecision#of} over the counts.
 *
 * <p>One hit is one atomic statement: an upsert of every limit's counter of the action (PostgreSQL and SQLite:
 * {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}; H2: {@code MERGE} then a read in the same
 * transaction, the row locks held until commit), which resets a counter whose window has ended and otherwise
 * adds to it. Keys longer than {@value #MAX_KEY_LENGTH} characters or with characters outside printable ASCII
 * (which some databases refuse, e.g. NUL in PostgreSQL) are stored as their SHA-256. Rows whose
 * window has ended are deleted at most once a minute per instance. Database failures are
 * {@link StoreException}s.
 *
 * <pre>{@code
 * RateLimiter limiter = JdbcRateLimiter.create(dataSource, Dialect.postgres(), Clock.systemUTC());
 * }</pre>
 */
public final class JdbcRateLimiter implements RateLimiter {
    /** A counter is inserted at most once, so a merge that lost that race succeeds on its second run. */
    private static final int MAX_MERGE_ATTEMPTS = 3;
    /** Keys longer than this (or not printable ASCII) are stored by their SHA-256: {@link RateLimitRequest#MAX_KEY_LENGTH}. */
    public static final int MAX_KEY_LENGTH = RateLimitRequest.MAX_KEY_LENGTH;

    private static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final Map<RateLimitedAction, List<RateLimit>> limits;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    /**
     * A limiter with explicit limits; the schema must already be migrated.
     *
     * @param dataSource the database
     * @param dialect    its dialect
     * @param clock      the clock windows are measured with
     * @param limits     the limits per action; an action without an entry is not limited
     */
    public JdbcRateLimiter(DataSource dataSource, Dialect dialect, Clock clock,
                           Map<RateLimitedAction, List<RateLimit>> limits) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = RateLimitRequest.copyLimits(limits);
    }

    /**
     * A limiter with the reference's limits of every action, counting in the database; migrates the schema first.
     *
     * @param dataSource the database, shared by every instance of the service
     * @param dialect    the database's dialect
     * @param clock      the clock the windows are measured on
     * @return the limiter
     * @throws dev.pdsaccounts.error.StoreException when the database cannot be reached or migrated
     */
    public static JdbcRateLimiter create(DataSource dataSource, Dialect dialect, Clock clock) {
        new SchemaMigrator(dataSource, dialect).migrate();
        return new JdbcRateLimiter(dataSource, dialect, clock, InMemoryRateLimiter.defaultLimits());
    }

    @Override
    public RateLimitDecision consume(RateLimitedAction action, String key, int points) {
        Optional<RateLimitRequest> resolved = RateLimitRequest.of(limits, action, key, points);
        if (resolved.isEmpty()) {
            return RateLimitDecision.unlimited();
        }
        RateLimitRequest request = resolved.get();
        long now = clock.millis();
        int n = request.limits().size();
        String[] buckets = new String[n];
        for (int i = 0; i < n; i++) {
            buckets[i] = request.counterId(i);
        }
        try (Connection c = dataSource.getConnection()) {
            maybeSweep(c, now);
            Map<String, long[]> rows = points == 0 ? read(c, buckets) : hit(c, buckets, request, now);
            long[] counts = new long[n];
            long[] ends = new long[n];
            for (int i = 0; i < n; i++) {
                long[] row = rows.get(buckets[i]);
                if (row != null) {
                    counts[i] = row[0];
                    ends[i] = row[1];
                }
            }
            return request.decision(now, counts, ends);
        } catch (SQLException e) {
            throw new StoreException("rate limit counter failed", e);
        }
    }

    /**
     * Deletes every counter whose window has ended.
     *
     * @return how many were deleted
     */
    public int deleteExpired() {
        try (Connection c = dataSource.getConnection()) {
            return deleteExpired(c, clock.millis());
        } catch (SQLException e) {
            throw new StoreException("rate limit sweep failed", e);
        }
    }

    private Map<String, long[]> hit(Connection c, String[] buckets, RateLimitRequest request, long now)
            throws SQLException {
        if ("h2".equals(dialect.name())) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return mergeThenRead(c, buckets, request, now);
                } catch (SQLException e) {
                    // H2's MERGE is not atomic against a concurrent insert of the same new counter: when two first
                    // hits race, the loser gets a duplicate key once the winner commits. Its transaction was rolled
                    // back; run it again, and the counter now exists, so the MERGE updates it.
                    if (attempt >= MAX_MERGE_ATTEMPTS || !dialect.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
        }
        StringBuilder sql = new StringBuilder("INSERT INTO rate_limit (bucket, hits, window_end) VALUES ");
        for (int i = 0; i < buckets.length; i++) {
            sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        }
        sql.append(" ON CONFLICT (bucket) DO UPDATE SET"
                + " hits = CASE WHEN rate_limit.window_end <= ? THEN excluded.hits"
                + " ELSE rate_limit.hits + excluded.hits END,"
                + " window_end = CASE WHEN rate_limit.window_end <= ? THEN excluded.window_end"
                + " ELSE rate_limit.window_end END"
                + " RETURNING bucket, hits, window_end");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < buckets.length; i++) {
                ps.setString(p++, buckets[i]);
                ps.setLong(p++, request.points());
                ps.setLong(p++, request.freshWindowEnd(i, now));
            }
            ps.setLong(p++, now);
            ps.setLong(p, now);
            Map<String, long[]> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return out;
        }
    }

    /** H2 has no {@code ON CONFLICT DO UPDATE}: a MERGE per counter, then a read, in one transaction. */
    private Map<String, long[]> mergeThenRead(Connection c, String[] buckets, RateLimitRequest request, long now)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO rate_limit t"
                    + " USING (VALUES (CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT))) s(bucket, hits, window_end)"
                    + " ON t.bucket = s.bucket"
                    + " WHEN MATCHED THEN UPDATE SET"
                    + " hits = CASE WHEN t.window_end <= ? THEN s.hits ELSE t.hits + s.hits END,"
                    + " window_end = CASE WHEN t.window_end <= ? THEN s.window_end ELSE t.window_end END"
                    + " WHEN NOT MATCHED THEN INSERT (bucket, hits, window_end) VALUES (s.bucket, s.hits, s.window_end)")) {
                for (int i = 0; i < buckets.length; i++) {
                    ps.setString(1, buckets[i]);
                    ps.setLong(2, request.points());
                    ps.setLong(3, request.freshWindowEnd(i, now));
                    ps.setLong(4, now);
                    ps.setLong(5, now);
                    ps.executeUpdate();
                }
            }
            Map<String, long[]> out = read(c, buckets);
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static Map<String, long[]> read(Connection c, String[] buckets) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT bucket, hits, window_end FROM rate_limit WHERE bucket IN (");
        for (int i = 0; i < buckets.length; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        Map<String, long[]> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < buckets.length; i++) {
                ps.setString(i + 1, buckets[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    private void maybeSweep(Connection c, long now) throws SQLException {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_MILLIS)) {
            deleteExpired(c, now);
        }
    }

    private static int deleteExpired(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rate_limit WHERE window_end <= ?")) {
            ps.setLong(1, now);
            int n = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        }
    }

    @Override
    public String toString() {
        return "JdbcRateLimiter[" + dialect.name() + "]";
    }
}
