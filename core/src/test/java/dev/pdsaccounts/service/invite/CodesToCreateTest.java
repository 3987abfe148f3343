package dev.pdsaccounts.service.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Invite earning, the reference's {@code calculateCodesToCreate}: toCreate = min(5 − unused earned codes,
 * couldCreate − earned codes created after the epoch), never negative.
 */
class CodesToCreateTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final String DID = "did:plc:earner";
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private static InviteCodeDetails earned(Instant createdAt, boolean disabled, boolean used) {
        String code = "code-" + SERIAL.incrementAndGet();
        List<InviteCodeUse> uses = used ? List.of(new InviteCodeUse(code, "did:plc:friend", createdAt))
                : List.of();
        return new InviteCodeDetails(new InviteCode(code, 1, disabled, DID, DID, createdAt), uses);
    }

    private static List<InviteCodeDetails> earned(int n, Instant createdAt, boolean disabled, boolean used) {
        List<InviteCodeDetails> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(earned(createdAt.plusMillis(i), disabled, used));
        }
        return codes;
    }

    private static int toCreate(List<InviteCodeDetails> routine, Instant createdAt, Instant now) {
        return InviteService.codesToCreate(routine, createdAt, now, EPOCH, DAY);
    }

    @Test
    void oneCodePerWholeIntervalLived() {
        Instant created = EPOCH.plus(DAY);
        assertEquals(0, toCreate(List.of(), created, created));
        assertEquals(0, toCreate(List.of(), created, created.plus(DAY).minusMillis(1)));
        assertEquals(1, toCreate(List.of(), created, created.plus(DAY)));
        assertEquals(3, toCreate(List.of(), created, created.plus(Duration.ofHours(84))));
    }

    @Test
    void atMostFiveUnusedEarnedCodes() {
        Instant created = EPOCH;
        Instant now = created.plus(DAY.multipliedBy(100));
        assertEquals(5, toCreate(List.of(), created, now));
        assertEquals(0, toCreate(earned(5, EPOCH.plusSeconds(1), false, false), created, now));
        assertEquals(2, toCreate(earned(3, EPOCH.plusSeconds(1), false, false), created, now));
    }

    @Test
    void usedAndDisabledCodesAreNotUnusedButStillCountAgainstTheEarnedTotal() {
        Instant created = EPOCH;
        Instant now = created.plus(DAY.multipliedBy(10));
        // 10 earned so far: 8 used ones leave 2 to earn.
        assertEquals(2, toCreate(earned(8, EPOCH.plusSeconds(1), false, true), created, now));
        // 5 disabled ones are not unused: 10 - 5 = 5 more, capped at 5.
        assertEquals(5, toCreate(earned(5, EPOCH.plusSeconds(1), true, false), created, now));
        // 10 used: nothing left to earn even though none is unused.
        assertEquals(0, toCreate(earned(10, EPOCH.plusSeconds(1), false, true), created, now));
    }

    @Test
    void neverNegative() {
        Instant created = EPOCH;
        assertEquals(0, toCreate(earned(7, EPOCH.plusSeconds(1), false, true), created, created.plus(DAY)));
        assertEquals(0, toCreate(earned(7, EPOCH.plusSeconds(1), false, false), created, created.plus(DAY)));
    }

    @Test
    void anAccountOlderThanTheEpochEarnsOnlyForTheIntervalsAfterIt() {
        Instant created = EPOCH.minus(Duration.ofHours(60)); // 2.5 days before the epoch
        Instant now = EPOCH.plus(DAY.multipliedBy(3));
        // floor(5.5) - floor(2.5) = 3
        assertEquals(3, toCreate(List.of(), created, now));
        // Codes from before the epoch (and at it exactly) do not count against what it earns after.
        List<InviteCodeDetails> old = new ArrayList<>(earned(2, created, false, true));
        old.add(earned(EPOCH, false, true));
        assertEquals(3, toCreate(old, created, now));
        // One created after the epoch does.
        old.add(earned(EPOCH.plusMillis(1), false, true));
        assertEquals(2, toCreate(old, created, now));
    }

    @Test
    void onWholeMillisecondsOfTheInterval() {
        Duration odd = Duration.ofMillis(1_001);
        Instant created = EPOCH;
        assertEquals(0, InviteService.codesToCreate(List.of(), created, created.plusMillis(1_000), EPOCH, odd));
        assertEquals(1, InviteService.codesToCreate(List.of(), created, created.plusMillis(1_001), EPOCH, odd));
        assertEquals(4, InviteService.codesToCreate(List.of(), created, created.plusMillis(4_004), EPOCH, odd));
    }
}
