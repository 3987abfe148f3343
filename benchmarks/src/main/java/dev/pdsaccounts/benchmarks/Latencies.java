package dev.pdsaccounts.benchmarks;

import java.util.Arrays;

/**
 * A recorder of latencies in nanoseconds with exact percentiles (every sample is kept and sorted on demand).
 * Not thread-safe: give each thread its own and {@link #addAll merge} them.
 */
public final class Latencies {
    private long[] samples = new long[256];
    private int count;
    private boolean sorted = true;

    /**
     * Records one sample.
     *
     * @param nanos the elapsed time in nanoseconds
     */
    public void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
        sorted = false;
    }

    /**
     * Records every sample of another recorder.
     *
     * @param other the recorder to copy from
     */
    public void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.samples[i]);
        }
    }

    /**
     * The number of samples.
     *
     * @return how many samples were recorded
     */
    public int count() {
        return count;
    }

    /**
     * A percentile by the nearest-rank method.
     *
     * @param p the percentile, within 0..100
     * @return the sample at that rank, in nanoseconds; 0 when there are no samples
     */
    public long percentileNanos(double p) {
        if (count == 0) {
            return 0;
        }
        sort();
        int rank = (int) Math.ceil(p / 100.0 * count);
        return samples[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /**
     * A percentile in milliseconds.
     *
     * @param p the percentile, within 0..100
     * @return the percentile in milliseconds
     */
    public double percentileMillis(double p) {
        return percentileNanos(p) / 1e6;
    }

    /**
     * The mean in milliseconds.
     *
     * @return the arithmetic mean, or 0 without samples
     */
    public double meanMillis() {
        if (count == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += samples[i];
        }
        return sum / count / 1e6;
    }

    /**
     * p50 / p90 / p99 in milliseconds, formatted for the table.
     *
     * @return e.g. {@code "21.3 / 24.0 / 30.1 ms"}
     */
    public String summaryMillis() {
        return Format.millis(percentileMillis(50)) + " / " + Format.millis(percentileMillis(90)) + " / "
                + Format.millis(percentileMillis(99)) + " ms";
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(samples, 0, count);
            sorted = true;
        }
    }
}
