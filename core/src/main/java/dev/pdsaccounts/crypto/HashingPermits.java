package dev.pdsaccounts.crypto;

import dev.pdsaccounts.error.InfrastructureException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The concurrency cap around memory-hard hashing: at most {@code permits} hashes or verifications run at
 * once per hasher, so N parallel logins cannot take N times the memory. Waiters are served in order.
 */
final class HashingPermits {
    private final int permits;
    private final Semaphore semaphore;

    HashingPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1; got " + permits);
        }
        this.permits = permits;
        this.semaphore = new Semaphore(permits, true);
    }

    /** The default cap: one memory-hard computation per available processor. */
    static int defaultPermits() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The configured number of permits. */
    int permits() {
        return permits;
    }

    /** Runs {@code work} holding one permit. */
    <T> T call(Supplier<T> work) {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("Interrupted while waiting for a password hashing permit", e);
        }
        try {
            return work.get();
        } finally {
            semaphore.release();
        }
    }
}
