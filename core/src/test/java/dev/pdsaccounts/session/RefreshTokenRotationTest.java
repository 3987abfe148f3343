package dev.pdsaccounts.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The refresh-rotation rule, on the aggregate alone: grace expiry and the stable successor id. */
class RefreshTokenRotationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofHours(2);

    private static RefreshToken token(Instant expiresAt, Optional<String> nextId) {
        return new RefreshToken("jti-1", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", expiresAt, nextId, Optional.empty());
    }

    @Test
    void graceIsNowPlusThePeriodWhenTheTokenLivesLonger() {
        assertEquals(Optional.of(NOW.plus(GRACE)), token(NOW.plus(Duration.ofDays(90)), Optional.empty())
                .graceExpiry(NOW, GRACE));
    }

    @Test
    void graceNeverOutlivesTheTokenItself() {
        Instant soon = NOW.plus(Duration.ofMinutes(5));
        assertEquals(Optional.of(soon), token(soon, Optional.empty()).graceExpiry(NOW, GRACE));
    }

    @Test
    void aTokenWhoseGraceIsOverIsSpent() {
        assertTrue(token(NOW, Optional.empty()).graceExpiry(NOW, GRACE).isEmpty(), "expiring exactly now");
        assertTrue(token(NOW.minusMillis(1), Optional.empty()).graceExpiry(NOW, GRACE).isEmpty(), "expired");
        assertEquals(Optional.of(NOW.plusMillis(1)), token(NOW.plusMillis(1), Optional.empty())
                .graceExpiry(NOW, GRACE), "one millisecond left is still usable");
    }

    @Test
    void successorIsFreshOnceAndThenStable() {
        assertEquals("fresh", token(NOW.plus(GRACE), Optional.empty()).successorId(() -> "fresh"));
        assertEquals("chosen", token(NOW.plus(GRACE), Optional.of("chosen")).successorId(() -> "fresh"));
    }
}
