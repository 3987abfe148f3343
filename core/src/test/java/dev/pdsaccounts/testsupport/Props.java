package dev.pdsaccounts.testsupport;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small seeded property harness: runs a property over many seeds and, on failure, names the seed that
 * reproduces it ({@code -Dprops.seed=N} replays from that seed).
 */
public final class Props {
    private Props() {}

    /** Runs {@code property} {@code tries} times, each with its own seeded random. */
    public static void forAll(int tries, Consumer<SplittableRandom> property) {
        long base = Long.getLong("props.seed", System.nanoTime());
        for (int i = 0; i < tries; i++) {
            long seed = base + i;
            try {
                property.accept(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed at try " + i + "; reproduce with -Dprops.seed=" + seed, e);
            }
        }
    }
}
