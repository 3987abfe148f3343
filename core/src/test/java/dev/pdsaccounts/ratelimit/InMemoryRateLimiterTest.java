package dev.pdsaccounts.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.testsupport.Props;
import dev.pdsaccounts.testsupport.TestClock;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {
    private final TestClock clock = new TestClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final InMemoryRateLimiter limiter = InMemoryRateLimiter.withDefaults(clock);

    @Test
    void referenceLimitsPerAction() {
        assertEquals(List.of(RateLimit.of(100, Duration.ofMinutes(5))), RateLimitedAction.CREATE_ACCOUNT.limits());
        assertEquals(List.of(RateLimit.of(30, Duration.ofMinutes(5)), RateLimit.of(300, Duration.ofDays(1))),
                RateLimitedAction.CREATE_SESSION.limits());
        assertEquals(RateLimitKey.IDENTIFIER_AND_IP, RateLimitedAction.CREATE_SESSION.key());
        assertEquals(List.of(RateLimit.of(15, Duration.ofHours(1)), RateLimit.of(50, Duration.ofDays(1))),
                RateLimitedAction.REQUEST_PASSWORD_RESET.limits());
        assertEquals(List.of(RateLimit.of(50, Duration.ofMinutes(5))), RateLimitedAction.RESET_PASSWORD.limits());
        assertEquals(List.of(RateLimit.of(50, Duration.ofMinutes(5))), RateLimitedAction.DELETE_ACCOUNT.limits());
        for (RateLimitedAction a : List.of(RateLimitedAction.REQUEST_ACCOUNT_DELETE,
                RateLimitedAction.REQUEST_EMAIL_CONFIRMATION, RateLimitedAction.REQUEST_EMAIL_UPDATE)) {
            assertEquals(List.of(RateLimit.of(5, Duration.ofHours(1)), RateLimit.of(15, Duration.ofDays(1))),
                    a.limits(), a.name());
            assertEquals(RateLimitKey.DID, a.key());
        }
        assertEquals(List.of(RateLimit.of(10, Duration.ofMinutes(5)), RateLimit.of(50, Duration.ofDays(1))),
                RateLimitedAction.UPDATE_HANDLE.limits());
        assertEquals(RateLimitKey.DID, RateLimitedAction.UPDATE_HANDLE.key());
        assertEquals(RateLimitKey.IP, RateLimitedAction.CREATE_ACCOUNT.key());
        assertEquals(RateLimit.of(3000, Duration.ofMinutes(5)), RateLimitedAction.GLOBAL_PER_IP);
    }

    @Test
    void createAccountAllowsOneHundredPerFiveMinutesThenRefusesWith429() {
        for (int i = 0; i < 100; i++) {
            limiter.check(RateLimitedAction.CREATE_ACCOUNT, "10.0.0.1");
        }
        LexiconException e = assertThrows(LexiconException.class,
                () -> limiter.check(RateLimitedAction.CREATE_ACCOUNT, "10.0.0.1"));
        assertEquals(LexiconError.RATE_LIMIT_EXCEEDED, e.error());
        assertEquals(429, e.status());
        assertEquals("Rate Limit Exceeded", e.getMessage());
        // Other keys and other actions are independent.
        limiter.check(RateLimitedAction.CREATE_ACCOUNT, "10.0.0.2");
        limiter.check(RateLimitedAction.RESET_PASSWORD, "10.0.0.1");
        // The window is fixed: it ends five minutes after its first call.
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThrows(LexiconException.class, () -> limiter.check(RateLimitedAction.CREATE_ACCOUNT, "10.0.0.1"));
        clock.advance(Duration.ofMillis(1));
        limiter.check(RateLimitedAction.CREATE_ACCOUNT, "10.0.0.1");
    }

    @Test
    void createSessionHasAShortAndADailyWindow() {
        String key = "alice.test-10.0.0.1";
        // First window: 30 allowed, the 31st refused (and counted against the day, as the reference's consume).
        for (int i = 0; i < 30; i++) {
            limiter.check(RateLimitedAction.CREATE_SESSION, key);
        }
        assertThrows(LexiconException.class, () -> limiter.check(RateLimitedAction.CREATE_SESSION, key));
        // Eight more full windows: the day stands at 31 + 240 = 271.
        for (int burst = 0; burst < 8; burst++) {
            clock.advance(Duration.ofMinutes(5));
            for (int i = 0; i < 30; i++) {
                limiter.check(RateLimitedAction.CREATE_SESSION, key);
            }
        }
        // Last window: the short limit would allow 30, the daily one stops at 300.
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 29; i++) {
            limiter.check(RateLimitedAction.CREATE_SESSION, key);
        }
        assertThrows(LexiconException.class, () -> limiter.check(RateLimitedAction.CREATE_SESSION, key));
        clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(45)));
        limiter.check(RateLimitedAction.CREATE_SESSION, key);
    }

    @Test
    void didKeyedRequestsAllowFivePerHourAndFifteenPerDay() {
        String did = "did:plc:abcdefghijklmnopqrstuvwx";
        int allowed = 0;
        for (int hour = 0; hour < 24; hour++) {
            for (int i = 0; i < 6; i++) {
                try {
                    limiter.check(RateLimitedAction.REQUEST_EMAIL_CONFIRMATION, did);
                    allowed++;
                } catch (LexiconException e) {
                    assertEquals(LexiconError.RATE_LIMIT_EXCEEDED, e.error());
                }
            }
            clock.advance(Duration.ofHours(1));
        }
        // 6 calls per hour, 5 allowed each hour, until the daily 15 (counting refusals) is reached.
        assertTrue(allowed <= 15 && allowed >= 12, "allowed " + allowed);
    }

    @Test
    void expiredWindowsAreEvictedAndMemoryStaysBounded() {
        InMemoryRateLimiter small = new InMemoryRateLimiter(clock, InMemoryRateLimiter.defaultLimits(), 1000);
        for (int i = 0; i < 1000; i++) {
            small.check(RateLimitedAction.CREATE_ACCOUNT, "ip-" + i);
        }
        assertEquals(1000, small.trackedKeys());
        // Full of live windows: a new key is refused (fail closed), a tracked one is still counted.
        assertThrows(LexiconException.class, () -> small.check(RateLimitedAction.CREATE_ACCOUNT, "new-ip"));
        small.check(RateLimitedAction.CREATE_ACCOUNT, "ip-1");
        assertEquals(1000, small.trackedKeys());
        // Once the windows end the table is swept and new keys are accepted again.
        clock.advance(Duration.ofMinutes(5));
        small.check(RateLimitedAction.CREATE_ACCOUNT, "new-ip");
        assertEquals(1, small.trackedKeys());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, small.evictExpired());
        assertEquals(0, small.trackedKeys());
    }

    @Test
    void periodicSweepEvictsWithoutPressure() {
        for (int i = 0; i < 500; i++) {
            limiter.check(RateLimitedAction.RESET_PASSWORD, "ip-" + i);
        }
        assertEquals(500, limiter.trackedKeys());
        clock.advance(Duration.ofMinutes(6));
        limiter.check(RateLimitedAction.RESET_PASSWORD, "other");
        assertEquals(1, limiter.trackedKeys());
    }

    @Test
    void hugeAndNastyKeysAreBoundedAndDistinct() {
        String huge = "x".repeat(1_000_000);
        for (int i = 0; i < 50; i++) {
            limiter.check(RateLimitedAction.RESET_PASSWORD, huge);
        }
        assertThrows(LexiconException.class, () -> limiter.check(RateLimitedAction.RESET_PASSWORD, huge));
        // A different huge key has its own counter.
        limiter.check(RateLimitedAction.RESET_PASSWORD, huge + "y");
        // Lone surrogates, NUL, the empty key: counted, never a crash.
        Props.forAll(2000, r -> {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(300);
            for (int i = 0; i < n; i++) {
                sb.append((char) r.nextInt(0x10000));
            }
            try {
                limiter.check(RateLimitedAction.values()[r.nextInt(RateLimitedAction.values().length)],
                        sb.toString());
            } catch (LexiconException e) {
                assertEquals(LexiconError.RATE_LIMIT_EXCEEDED, e.error());
            }
        });
        assertThrows(NullPointerException.class, () -> limiter.check(RateLimitedAction.RESET_PASSWORD, null));
    }

    @Test
    void concurrentCallsNeverAllowMoreThanTheLimit() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        int ok = 0;
                        for (int i = 0; i < 40; i++) {
                            try {
                                limiter.check(RateLimitedAction.CREATE_ACCOUNT, key);
                                ok++;
                            } catch (LexiconException e) {
                                // refused
                            }
                        }
                        return ok;
                    }));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(30, TimeUnit.SECONDS);
                }
                assertEquals(100, total, "exactly the limit is allowed");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void customLimitsAndUnlimitedActions() {
        Map<RateLimitedAction, List<RateLimit>> limits = new HashMap<>();
        limits.put(RateLimitedAction.UPDATE_HANDLE, List.of(RateLimit.of(1, Duration.ofSeconds(1))));
        InMemoryRateLimiter custom = new InMemoryRateLimiter(clock, limits, 10);
        custom.check(RateLimitedAction.UPDATE_HANDLE, "did:plc:x");
        assertThrows(LexiconException.class, () -> custom.check(RateLimitedAction.UPDATE_HANDLE, "did:plc:x"));
        for (int i = 0; i < 1000; i++) {
            custom.check(RateLimitedAction.CREATE_ACCOUNT, "ip"); // no limit configured
        }
        assertThrows(IllegalArgumentException.class, () -> RateLimit.of(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.of(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryRateLimiter(clock, limits, 0));
    }

    @Test
    void decisionsReportTheBindingLimitAndPeekingDoesNotCount() {
        RateLimitDecision first = limiter.consume(RateLimitedAction.CREATE_SESSION, "a-1.2.3.4", 1);
        assertTrue(first.allowed());
        assertEquals(RateLimit.of(30, Duration.ofMinutes(5)), first.limit().orElseThrow());
        assertEquals(29, first.remaining());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), first.resetAt());
        for (int i = 0; i < 5; i++) {
            assertEquals(29, limiter.consume(RateLimitedAction.CREATE_SESSION, "a-1.2.3.4", 0).remaining());
        }
        assertEquals(30, limiter.consume(RateLimitedAction.CREATE_SESSION, "never-seen", 0).remaining());
        for (int i = 0; i < 29; i++) {
            limiter.consume(RateLimitedAction.CREATE_SESSION, "a-1.2.3.4", 1);
        }
        assertTrue(limiter.consume(RateLimitedAction.CREATE_SESSION, "a-1.2.3.4", 0).allowed(), "30 of 30 used");
        RateLimitDecision over = limiter.consume(RateLimitedAction.CREATE_SESSION, "a-1.2.3.4", 1);
        assertTrue(!over.allowed());
        assertEquals(0, over.remaining());
        assertEquals(RateLimit.of(30, Duration.ofMinutes(5)), over.limit().orElseThrow());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(limiter.consume(RateLimitedAction.CREATE_SESSION, "a-1.2.3.4", 0).allowed(), "window over");
        assertThrows(IllegalArgumentException.class,
                () -> limiter.consume(RateLimitedAction.CREATE_SESSION, "k", -1));
        assertEquals(RateLimitDecision.unlimited(), RateLimiter.NONE.consume(RateLimitedAction.GLOBAL, "k", 1));
        assertEquals(List.of(RateLimit.of(3000, Duration.ofMinutes(5))), RateLimitedAction.GLOBAL.limits());
        assertEquals(List.of(RateLimit.of(10, Duration.ofMinutes(5)), RateLimit.of(100, Duration.ofDays(1))),
                RateLimitedAction.ADMIN_AUTH_FAILURE.limits());
    }

    @Test
    void noneAllowsEverything() {
        for (int i = 0; i < 10_000; i++) {
            RateLimiter.NONE.check(RateLimitedAction.CREATE_SESSION, "k");
        }
    }

    @Test
    void facadeDefaultsToNoneAndReturnsTheConfiguredLimiter() {
        SecureRandom random = new SecureRandom();
        PdsAccounts plain = PdsAccounts.builder().config(PdsConfig.builder("pds.test").build())
                .secrets(PdsSecrets.generateForDevelopment(random))
                .store(noStore()).random(random).developmentDoubles().build();
        assertSame(RateLimiter.NONE, plain.rateLimiter());
        PdsAccounts limited = PdsAccounts.builder().config(PdsConfig.builder("pds.test").build())
                .secrets(PdsSecrets.generateForDevelopment(random))
                .store(noStore()).random(random).rateLimiter(limiter).developmentDoubles().build();
        assertSame(limiter, limited.rateLimiter());
        assertThrows(NullPointerException.class, () -> PdsAccounts.builder()
                .config(PdsConfig.builder("pds.test").build()).secrets(PdsSecrets.generateForDevelopment(random))
                .store(noStore()).rateLimiter(null));
    }

    private static AccountStore noStore() {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
