package dev.pdsaccounts.testkit;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded property loop for the contracts: each try gets its own seeded random; a failure names the seed,
 * and {@code -Dpdsaccounts.props.seed=N} replays from it.
 */
public final class SeededProperty {
    private SeededProperty() {}

    /**
     * Runs {@code property} {@code tries} times, each with a random of its own seed; a failing try is rethrown
     * as an {@link AssertionError} naming the seed to replay it with.
     *
     * @param tries    how many tries
     * @param property the check, given the try's random
     */
    public static void forAll(int tries, Consumer<SplittableRandom> property) {
        long base = Long.getLong("pdsaccounts.props.seed", System.nanoTime());
        for (int i = 0; i < tries; i++) {
            long seed = base + i;
            try {
                property.accept(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed at try " + i + "; replay with -Dpdsaccounts.props.seed="
                        + seed, e);
            }
        }
    }

    /**
     * A random string for fuzzing: empty, huge, control characters, NUL, lone surrogates, non-ASCII.
     *
     * @param r the source of randomness
     * @return the string (often invalid as any identifier, on purpose)
     */
    public static String nastyString(SplittableRandom r) {
        int[] lengths = {0, 1, 2, 3, 17, 18, 19, 63, 64, 253, 254, 256, 257, 512, 513, 5000};
        int len = r.nextInt(4) == 0 ? lengths[r.nextInt(lengths.length)] : r.nextInt(40);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            switch (r.nextInt(9)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append('\u0000');
                case 2 -> sb.append((char) (0xD800 + r.nextInt(0x800)));
                case 3 -> sb.append("éß漢🙂".charAt(r.nextInt(4)));
                case 4 -> sb.append(".-@:_%/".charAt(r.nextInt(7)));
                case 5 -> sb.append((char) ('A' + r.nextInt(26)));
                default -> sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }
}
