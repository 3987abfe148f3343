package dev.pdsaccounts.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.service.internal.NewAccount;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness's own arithmetic and fixtures (nothing here is timed). */
class HarnessTest {

    @Test
    void percentilesUseNearestRank() {
        Latencies l = new Latencies();
        for (int i = 100; i >= 1; i--) {
            l.add(i * 1_000_000L);
        }
        assertEquals(100, l.count());
        assertEquals(50_000_000L, l.percentileNanos(50));
        assertEquals(90_000_000L, l.percentileNanos(90));
        assertEquals(99_000_000L, l.percentileNanos(99));
        assertEquals(100_000_000L, l.percentileNanos(100));
        assertEquals(1_000_000L, l.percentileNanos(0));
        assertEquals(0, new Latencies().percentileNanos(50));
    }

    @Test
    void mergingKeepsEverySample() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 0; i < 1000; i++) {
            a.add(i);
            b.add(i + 1000);
        }
        a.addAll(b);
        assertEquals(2000, a.count());
        assertEquals(1999, a.percentileNanos(100));
    }

    @Test
    void precomputedRowsAreDistinctAndDeterministic() {
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < 20_000; i++) {
            assertTrue(seen.add(Fixtures.handleOf(i)));
            assertTrue(seen.add(Fixtures.emailOf(i)));
            assertTrue(seen.add(Fixtures.didOf(i)));
        }
        assertEquals(Fixtures.didOf(42), Fixtures.didOf(42));
        assertTrue(Fixtures.didOf(7).matches("did:plc:[a-z2-7]{24}"));
        assertTrue(Fixtures.handleOf(7).matches("h[a-z2-7]{12}\\.test"));
        NewAccount row = Fixtures.row(3, "hash", "00".repeat(32), Instant.EPOCH);
        assertEquals(Fixtures.didOf(3), row.account().did());
        assertEquals(Fixtures.didOf(3), row.refreshToken().orElseThrow().did());
        assertNotEquals(Fixtures.row(4, "hash", "k", Instant.EPOCH).refreshToken().orElseThrow().id(),
                row.refreshToken().orElseThrow().id());
    }

    @Test
    void profilesByName() {
        assertEquals(Profile.SHORT, Profile.named("short"));
        assertEquals(Profile.LONG, Profile.named("LONG"));
        assertThrows(IllegalArgumentException.class, () -> Profile.named("medium"));
        assertEquals(1_000_000, Profile.LONG.populations().get(Profile.LONG.populations().size() - 1));
    }

    @Test
    void tableRendersEveryRowAndVerdict() {
        ResultTable t = new ResultTable();
        t.info("a", "m1", "1 ms");
        t.goal("a", "m2", "2/s", ">= 1/s", true);
        t.goal("b", "m3", "0/s", ">= 1/s", false);
        t.skipped("c", "m4", "not landed");
        t.note("a note");
        String md = t.markdown();
        assertTrue(md.contains("| a | m2 | 2/s | >= 1/s | met |"));
        assertTrue(md.contains("| b | m3 | 0/s | >= 1/s | NOT MET |"));
        assertTrue(md.contains("| c | m4 | not landed |  | skipped |"));
        assertTrue(md.contains("- a note"));
    }
}
