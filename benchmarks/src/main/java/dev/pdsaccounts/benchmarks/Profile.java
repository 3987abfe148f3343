package dev.pdsaccounts.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * How long and how big a run is. {@link #SHORT} checks that every benchmark works and gives rough figures in
 * a few minutes on 2 cores; {@link #LONG} produces the figures in {@code RESULTS.md}.
 *
 * @param name the name given on the command line
 * @param jmhWarmupIterations JMH warm-up iterations per fork
 * @param jmhWarmupSeconds seconds per JMH warm-up iteration
 * @param jmhIterations JMH measurement iterations per fork
 * @param jmhSeconds seconds per JMH measurement iteration
 * @param jmhForks JMH forks per benchmark
 * @param warmupSeconds how long a load driver runs an operation unrecorded before measuring it
 * @param warmupSamples calls of an expensive (hashing) operation made before recording
 * @param latencySamples recorded calls per latency distribution of expensive operations (hashing)
 * @param cheapLatencySamples recorded calls per latency distribution of cheap operations (lookups, no-hash)
 * @param throughputSeconds seconds per throughput run of a load driver
 * @param populations account populations of the scale benchmark
 * @param heapAccounts accounts put in the in-memory store for the heap measurement
 * @param rssSeconds seconds of hashing under load for the peak-RSS measurement
 */
public record Profile(String name, int jmhWarmupIterations, int jmhWarmupSeconds, int jmhIterations,
                      int jmhSeconds, int jmhForks, double warmupSeconds, int warmupSamples, int latencySamples,
                      int cheapLatencySamples, int throughputSeconds, List<Integer> populations,
                      int heapAccounts, int rssSeconds) {

    /** A few minutes on 2 cores: small populations, short iterations. */
    public static final Profile SHORT = new Profile("short", 1, 1, 1, 1, 1, 1, 10, 30, 300, 3,
            List.of(1_000, 10_000), 100_000, 3);

    /** The figures of {@code RESULTS.md}: populations up to 1M, longer iterations, two JMH forks. */
    public static final Profile LONG = new Profile("long", 3, 2, 5, 2, 2, 5, 30, 300, 3_000, 20,
            List.of(1_000, 100_000, 1_000_000), 100_000, 15);

    /**
     * The profile with this name.
     *
     * @param name {@code short} or {@code long}
     * @return the profile
     * @throws IllegalArgumentException for another name
     */
    public static Profile named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "short":
                return SHORT;
            case "long":
                return LONG;
            default:
                throw new IllegalArgumentException("unknown profile '" + name + "' (short or long)");
        }
    }
}
