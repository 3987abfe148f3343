package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.mkammerer.argon2.Argon2;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Argon2idHasherTest {
    private final Argon2idHasher cheap = new Argon2idHasher(Argon2Parameters.forTestsOnly(), 2);

    @Test
    void roundTripWithTestParameters() {
        String h = cheap.hash("correct horse");
        assertTrue(h.startsWith("$argon2id$v=19$m=256,t=1,p=1$"), h);
        assertTrue(cheap.supports(h));
        assertFalse(cheap.needsRehash(h));
        assertTrue(cheap.verify("correct horse", h));
        assertFalse(cheap.verify("correct horsf", h));
        assertFalse(cheap.verify("correct horse ", h));
        assertNotEquals(h, cheap.hash("correct horse"));
        assertTrue(cheap.verify("pässwörd ✓", cheap.hash("pässwörd ✓")));
    }

    @Test
    void roundTripWithV1Parameters() {
        Argon2idHasher v1 = new Argon2idHasher(Argon2Parameters.v1(), 1);
        String h = v1.hash("hunter2");
        assertTrue(h.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), h);
        assertTrue(v1.verify("hunter2", h));
        assertFalse(v1.needsRehash(h));
        assertTrue(v1.needsRehash(cheap.hash("hunter2")));
        assertTrue(cheap.needsRehash(h));
        assertTrue(cheap.verify("hunter2", h), "any hasher verifies any parameters");
    }

    @Test
    void malformedStoredHashesNeverVerifyAndNeverThrow() {
        String good = cheap.hash("pw");
        List<String> malformed = new ArrayList<>(List.of(
                "", ":", "zz:zz", "$argon2id$garbage", "$argon2id$" + "A".repeat(200_000),
                "$argon2i$v=19$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=16$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=999999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=4,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
                good.substring(0, good.length() - 5), good + "$", good.replace("p=1", "p=0")));
        malformed.add(null);
        for (String m : malformed) {
            assertFalse(cheap.verify("pw", m));
        }
        assertTrue(cheap.needsRehash(null));
        assertTrue(cheap.needsRehash("$argon2id$garbage"));
        assertFalse(cheap.supports("$argon2id$garbage"));
        assertFalse(cheap.verify(null, good));
    }

    @Test
    void nullPasswordIsBadInput() {
        LexiconException e = assertThrows(LexiconException.class, () -> cheap.hash(null));
        assertEquals(LexiconError.INVALID_REQUEST, e.error());
    }

    @Test
    void concurrencyCapHoldsAroundHashAndVerify() throws Exception {
        SlowArgon2 slow = new SlowArgon2();
        Argon2idHasher capped = new Argon2idHasher(slow, Argon2Parameters.forTestsOnly(), 1);
        String stored = "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA";
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                boolean hash = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    start.await();
                    return hash ? capped.hash("pw") : capped.verify("pw", stored);
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(callers, slow.calls.get());
        assertEquals(1, slow.maxInFlight.get());
    }

    /** An Argon2 engine that sleeps and records how many calls overlap. */
    @SuppressWarnings("deprecation")
    private static final class SlowArgon2 implements Argon2 {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        private void work() {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public String hash(int iterations, int memory, int parallelism, byte[] data) {
            work();
            return "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaA";
        }

        @Override
        public boolean verify(String hash, byte[] password) {
            work();
            return true;
        }

        @Override
        public String hash(int iterations, int memory, int parallelism, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String hash(int iterations, int memory, int parallelism, String password, Charset charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String hash(int iterations, int memory, int parallelism, char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String hash(int iterations, int memory, int parallelism, char[] password, Charset charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String hash, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String hash, String password, Charset charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String hash, char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String hash, char[] password, Charset charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void wipeArray(char[] array) {
            Arrays.fill(array, '\0');
        }

        @Override
        public void wipeArray(byte[] array) {
            Arrays.fill(array, (byte) 0);
        }

        @Override
        public boolean needsRehash(String hash, int iterations, int memory, int parallelism) {
            throw new UnsupportedOperationException();
        }
    }
}
