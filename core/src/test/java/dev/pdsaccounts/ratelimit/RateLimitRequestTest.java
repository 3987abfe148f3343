package dev.pdsaccounts.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules every rate-limit counter store shares, checked once here. */
class RateLimitRequestTest {
    private static final RateLimit PER_MINUTE = new RateLimit(2, Duration.ofMinutes(1));
    private static final RateLimit PER_HOUR = new RateLimit(5, Duration.ofHours(1));
    private final Map<RateLimitedAction, List<RateLimit>> limits = limits();

    private static Map<RateLimitedAction, List<RateLimit>> limits() {
        EnumMap<RateLimitedAction, List<RateLimit>> m = new EnumMap<>(RateLimitedAction.class);
        m.put(RateLimitedAction.CREATE_SESSION, List.of(PER_MINUTE, PER_HOUR));
        return RateLimitRequest.copyLimits(m);
    }

    @Test
    void anActionWithoutLimitsIsUnlimited() {
        assertTrue(RateLimitRequest.of(limits, RateLimitedAction.CREATE_ACCOUNT, "1.2.3.4", 1).isEmpty());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> RateLimitRequest.of(limits, RateLimitedAction.CREATE_SESSION, "k", -1));
        assertThrows(NullPointerException.class,
                () -> RateLimitRequest.of(limits, RateLimitedAction.CREATE_SESSION, null, 1));
        assertThrows(NullPointerException.class, () -> RateLimitRequest.of(limits, null, "k", 1));
    }

    @Test
    void shortPrintableKeysAreKeptAndOthersHashed() {
        assertEquals("1.2.3.4", request("1.2.3.4").key());
        String hashedLong = request("k".repeat(RateLimitRequest.MAX_KEY_LENGTH + 1)).key();
        String hashedControl = request("a\nb").key();
        assertTrue(hashedLong.matches("sha256:[0-9a-f]{64}"), hashedLong);
        assertTrue(hashedControl.matches("sha256:[0-9a-f]{64}"), hashedControl);
        // Lone surrogates do not collapse into one key.
        assertFalse(request("\uD800").key().equals(request("\uD801").key()));
        assertEquals(request("k".repeat(RateLimitRequest.MAX_KEY_LENGTH)).key(), "k".repeat(RateLimitRequest.MAX_KEY_LENGTH));
    }

    @Test
    void counterIdsNameTheActionWindowAndKey() {
        RateLimitRequest r = request("did:plc:abc");
        assertEquals("CREATE_SESSION/60000/did:plc:abc", r.counterId(0));
        assertEquals("CREATE_SESSION/3600000/did:plc:abc", r.counterId(1));
    }

    @Test
    void anEndedOrMissingWindowReadsAsFresh() {
        RateLimitRequest r = request("k");
        long now = 1_000_000;
        RateLimitDecision fresh = r.decision(now, new long[] {99, 99}, new long[] {now, 0});
        assertTrue(fresh.allowed());
        assertEquals(PER_MINUTE.points(), fresh.remaining());
        assertEquals(now + 60_000, fresh.resetAt().toEpochMilli());

        RateLimitDecision over = r.decision(now, new long[] {3, 3}, new long[] {now + 1, now + 10});
        assertFalse(over.allowed());
        assertEquals(PER_MINUTE, over.limit().orElseThrow());
        assertEquals(now + 1, over.resetAt().toEpochMilli());
    }

    @Test
    void windowEndsSaturate() {
        assertEquals(Long.MAX_VALUE, request("k").freshWindowEnd(1, Long.MAX_VALUE - 5));
        assertEquals(Long.MAX_VALUE, RateLimitRequest.saturatedAdd(Long.MAX_VALUE, 1));
        assertEquals(7, RateLimitRequest.saturatedAdd(3, 4));
    }

    @Test
    void toStringHoldsNoKey() {
        assertFalse(request("203.0.113.9").toString().contains("203.0.113.9"));
    }

    private RateLimitRequest request(String key) {
        return RateLimitRequest.of(limits, RateLimitedAction.CREATE_SESSION, key, 1).orElseThrow();
    }
}
