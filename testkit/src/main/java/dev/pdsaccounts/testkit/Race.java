package dev.pdsaccounts.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs the same number of tasks at once, round after round: every task waits on a start gate that opens
 * when all of them are ready, so they hit the store as simultaneously as the machine allows. Every wait is
 * bounded; a hung store fails the test instead of hanging the build.
 */
final class Race implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final int threads;
    private final ExecutorService pool;

    /** A race of {@code threads} tasks per round, on its own pool. */
    Race(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "store-contract-race");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * One round: builds task {@code i} for every thread, releases them together and returns their results
     * in task order. A task's exception fails the round with it as the cause.
     */
    <T> List<T> run(IntFunction<Callable<T>> task) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Callable<T> work = task.apply(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                if (!gate.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new TimeoutException("start gate never opened");
                }
                return work.call();
            }));
        }
        try {
            if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("race threads did not start within " + TIMEOUT_SECONDS + " s");
            }
            gate.countDown();
            List<T> results = new ArrayList<>(threads);
            for (Future<T> future : futures) {
                results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a racing store call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a racing store call did not finish within " + TIMEOUT_SECONDS + " s", e);
        } finally {
            gate.countDown();
            futures.forEach(future -> future.cancel(true));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("race threads did not stop within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
