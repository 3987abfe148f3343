package dev.pdsaccounts.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/** The load driver's loop: N threads calling one operation for a fixed time, recording each call. */
public final class Load {
    private Load() {}

    /** One call of the operation under load; {@code thread} is the caller's index, {@code n} its call count. */
    @FunctionalInterface
    public interface Op {
        /**
         * Makes one call.
         *
         * @param thread the index of the calling thread, 0-based
         * @param n how many calls this thread made before
         * @throws Exception a failure, which stops the run
         */
        void call(int thread, long n) throws Exception;
    }

    /**
     * What a run measured.
     *
     * @param threads the threads that called
     * @param calls the completed calls
     * @param seconds the wall time of the measured phase
     * @param latencies every call's latency
     */
    public record Outcome(int threads, long calls, double seconds, Latencies latencies) {
        /**
         * Calls per second over the run.
         *
         * @return throughput
         */
        public double perSecond() {
            return calls / seconds;
        }
    }

    /**
     * Runs {@code op} on {@code threads} threads for {@code seconds}, after {@code warmupSeconds} of unrecorded
     * calls on the same threads (the JIT needs whole seconds to settle on the longer paths).
     *
     * @param threads the number of threads
     * @param warmupSeconds how long the unrecorded warm-up lasts
     * @param seconds how long the measured phase lasts
     * @param op the operation
     * @return the outcome
     * @throws Exception the first failure of any call
     */
    public static Outcome run(int threads, double warmupSeconds, double seconds, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Latencies>> futures = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            long measured = (long) (seconds * 1e9);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    long n = 0;
                    try {
                        while (System.nanoTime() < warmupEnd && failure.get() == null) {
                            op.call(thread, n++);
                        }
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, e);
                    }
                    start.await();
                    long end = System.nanoTime() + measured;
                    Latencies lat = new Latencies();
                    while (failure.get() == null) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        try {
                            op.call(thread, n++);
                        } catch (Exception | Error e) {
                            failure.compareAndSet(null, e);
                            break;
                        }
                        lat.add(System.nanoTime() - t0);
                    }
                    return lat;
                }));
            }
            start.await();
            long begin = System.nanoTime();
            Latencies all = new Latencies();
            for (Future<Latencies> f : futures) {
                all.addAll(f.get());
            }
            double elapsed = (System.nanoTime() - begin) / 1e9;
            Throwable f = failure.get();
            if (f instanceof Exception) {
                throw (Exception) f;
            } else if (f != null) {
                throw (Error) f;
            }
            return new Outcome(threads, all.count(), elapsed, all);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Times {@code calls} sequential calls on the current thread after {@code warmupSeconds} of unrecorded ones.
     *
     * @param warmupSeconds how long the unrecorded warm-up lasts
     * @param calls recorded calls
     * @param op the operation
     * @return the latencies
     * @throws Exception the first failure
     */
    public static Latencies sequential(double warmupSeconds, int calls, Op op) throws Exception {
        long n = 0;
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            op.call(0, n++);
        }
        Latencies lat = new Latencies();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            op.call(0, n++);
            lat.add(System.nanoTime() - t0);
        }
        return lat;
    }
}
