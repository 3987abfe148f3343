package dev.pdsaccounts.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.ratelimit.RateLimit;
import dev.pdsaccounts.ratelimit.RateLimitDecision;
import dev.pdsaccounts.ratelimit.RateLimitedAction;
import dev.pdsaccounts.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JdbcRateLimiter} on one database kind; subclasses supply the database. */
abstract class AbstractJdbcRateLimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    Databases.PooledDatabase db;

    abstract Databases.PooledDatabase database();

    @BeforeEach
    void open() {
        db = database();
    }

    @AfterEach
    void close() {
        db.close();
    }

    JdbcRateLimiter limiter() {
        return JdbcRateLimiter.create(db.dataSource(), db.dialect(), clock);
    }

    @Test
    void countsUpToTheLimitThenRefusesUntilTheWindowEnds() {
        JdbcRateLimiter limiter = limiter();
        for (int i = 1; i <= 30; i++) {
            RateLimitDecision d = limiter.consume(RateLimitedAction.CREATE_SESSION, "alice.test-10.0.0.1", 1);
            assertTrue(d.allowed(), "call " + i);
            assertEquals(30 - i, d.remaining());
            assertEquals(RateLimit.of(30, Duration.ofMinutes(5)), d.limit().orElseThrow());
            assertEquals(clock.instant().plus(Duration.ofMinutes(5)), d.resetAt());
        }
        RateLimitDecision refused = limiter.consume(RateLimitedAction.CREATE_SESSION, "alice.test-10.0.0.1", 1);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertTrue(limiter.consume(RateLimitedAction.CREATE_SESSION, "bob.test-10.0.0.1", 1).allowed(), "other key");
        assertTrue(limiter.consume(RateLimitedAction.CREATE_ACCOUNT, "alice.test-10.0.0.1", 1).allowed(),
                "other action");
        clock.advance(Duration.ofMinutes(5));
        RateLimitDecision next = limiter.consume(RateLimitedAction.CREATE_SESSION, "alice.test-10.0.0.1", 1);
        assertTrue(next.allowed(), "a new 5-minute window");
        // The day window kept counting: 32 of 300.
        assertEquals(RateLimit.of(30, Duration.ofMinutes(5)), next.limit().orElseThrow());
        assertEquals(29, next.remaining());
    }

    @Test
    void theDayLimitOutlastsTheShortWindows() {
        JdbcRateLimiter limiter = limiter();
        for (int i = 0; i < 50; i++) {
            if (i > 0 && i % 15 == 0) {
                clock.advance(Duration.ofHours(1));
            }
            assertTrue(limiter.consume(RateLimitedAction.REQUEST_PASSWORD_RESET, "10.0.0.2", 1).allowed(), "call " + i);
        }
        clock.advance(Duration.ofHours(1));
        RateLimitDecision d = limiter.consume(RateLimitedAction.REQUEST_PASSWORD_RESET, "10.0.0.2", 1);
        assertFalse(d.allowed());
        assertEquals(RateLimit.of(50, Duration.ofDays(1)), d.limit().orElseThrow());
    }

    @Test
    void peekingDoesNotCount() {
        JdbcRateLimiter limiter = limiter();
        assertEquals(10, limiter.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, "10.0.0.3", 0).remaining());
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, "10.0.0.3", 0).allowed());
            limiter.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, "10.0.0.3", 1);
        }
        assertTrue(limiter.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, "10.0.0.3", 0).allowed(), "10 of 10");
        assertFalse(limiter.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, "10.0.0.3", 1).allowed());
        assertFalse(limiter.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, "10.0.0.3", 0).allowed());
    }

    @Test
    void oddKeysAreStoredSafely() {
        JdbcRateLimiter limiter = limiter();
        for (String key : List.of("x".repeat(5000), "nul\u0000byte", "\ud800lone", "ünïcode-1.2.3.4", "")) {
            for (int i = 0; i < 100; i++) {
                assertTrue(limiter.consume(RateLimitedAction.CREATE_ACCOUNT, key, 1).allowed());
            }
            assertFalse(limiter.consume(RateLimitedAction.CREATE_ACCOUNT, key, 1).allowed(), key.length() + " chars");
        }
    }

    @Test
    void expiredCountersAreDeleted() {
        JdbcRateLimiter limiter = limiter();
        limiter.consume(RateLimitedAction.RESET_PASSWORD, "10.0.0.4", 1);
        limiter.consume(RateLimitedAction.RESET_PASSWORD, "10.0.0.5", 1);
        assertEquals(2, db.queryLong("SELECT COUNT(*) FROM rate_limit"));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(2, limiter.deleteExpired());
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM rate_limit"));
    }

    @Test
    void twoInstancesOnOneDatabaseShareOneLimitUnderConcurrency() throws Exception {
        JdbcRateLimiter first = limiter();
        JdbcRateLimiter second = new JdbcRateLimiter(db.dataSource(), db.dialect(), clock,
                Map.of(RateLimitedAction.RESET_PASSWORD, RateLimitedAction.RESET_PASSWORD.limits()));
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcRateLimiter l = t % 2 == 0 ? first : second;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (l.consume(RateLimitedAction.RESET_PASSWORD, "203.0.113.9", 1).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, allowed.get(), "160 calls through two instances, one limit of 50");
        assertFalse(first.consume(RateLimitedAction.RESET_PASSWORD, "203.0.113.9", 1).allowed());
        assertFalse(second.consume(RateLimitedAction.RESET_PASSWORD, "203.0.113.9", 1).allowed());
    }

    /**
     * Eight first hits on a counter that does not exist yet, released at once, fifty times over: each one counts
     * and none fails (on H2, whose MERGE is not atomic against a concurrent insert, the loser is run again).
     */
    @Test
    void concurrentFirstHitsOnANewCounterAllCount() throws Exception {
        JdbcRateLimiter limiter = limiter();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "198.51.100." + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<RateLimitDecision>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return limiter.consume(RateLimitedAction.RESET_PASSWORD, key, 1);
                    }));
                }
                for (Future<RateLimitDecision> f : done) {
                    assertTrue(f.get(60, TimeUnit.SECONDS).allowed(), "round " + round);
                }
                RateLimitDecision next = limiter.consume(RateLimitedAction.RESET_PASSWORD, key, 0);
                assertEquals(next.limit().orElseThrow().points() - threads, next.remaining(),
                        "round " + round + ": every hit counted once");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
