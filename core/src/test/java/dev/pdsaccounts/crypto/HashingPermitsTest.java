package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashingPermitsTest {

    /** With one permit, a second computation waits until the first returns, then runs. */
    @Test
    void aSecondCallWaitsForTheOnlyPermit() throws Exception {
        HashingPermits permits = new HashingPermits(1);
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread first = new Thread(() -> permits.call(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            firstRunning.countDown();
            await(releaseFirst);
            running.decrementAndGet();
            return "first";
        }));
        first.start();
        firstRunning.await(10, TimeUnit.SECONDS);
        CompletableFuture<String> second = new CompletableFuture<>();
        Thread waiter = new Thread(() -> second.complete(permits.call(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            return "second";
        })));
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, waiter.getState(), "the second call waits for the permit");
        releaseFirst.countDown();
        assertEquals("second", second.get(10, TimeUnit.SECONDS));
        first.join(10_000);
        assertEquals(1, most.get(), "never two at once");
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HashingPermits(0));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
