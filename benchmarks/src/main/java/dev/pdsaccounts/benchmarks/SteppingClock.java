package dev.pdsaccounts.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the driver moves forward by hand, shared by all threads: it starts at the real time and only
 * advances when {@link #advanceMillis} is called. The refresh benchmark uses it so each session is refreshed
 * after its previous token's grace window has passed, as in real use, instead of thousands of times inside one.
 */
public final class SteppingClock extends Clock {
    private final long startMillis = System.currentTimeMillis();
    private final AtomicLong offsetMillis = new AtomicLong();

    /**
     * Moves the clock forward.
     *
     * @param millis how far, at least 0
     */
    public void advanceMillis(long millis) {
        offsetMillis.addAndGet(millis);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(startMillis + offsetMillis.get());
    }

    @Override
    public long millis() {
        return startMillis + offsetMillis.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a SteppingClock is UTC only");
    }
}
