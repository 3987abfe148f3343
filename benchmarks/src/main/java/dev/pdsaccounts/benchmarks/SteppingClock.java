package dev.pdsaccounts.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A clock the driver moves forward by hand: it starts at the real time and only advances when
 * {@link #advanceMillis} is called. The refresh benchmark uses it so each session is refreshed after its
 * previous token's grace window has passed, as in real use, instead of thousands of times inside one.
 *
 * <p>The clock has one timeline per <em>lane</em>; a thread reads and advances the lane it last bound with
 * {@link #useLane} (lane 0 until it binds one). A load thread that owns its sessions binds its own lane, so
 * its sessions age only with its own rotations: a thread that the scheduler leaves waiting while the others
 * run finds its sessions exactly as old as when it left them, never past their lifetime (one shared timeline
 * let the other threads step it past a waiting thread's 90-day tokens).
 */
public final class SteppingClock extends Clock {
    private final long startMillis = System.currentTimeMillis();
    private final AtomicLongArray offsetMillis;
    private final ThreadLocal<int[]> lane = ThreadLocal.withInitial(() -> new int[1]);

    /** A clock with one timeline, shared by every thread. */
    public SteppingClock() {
        this(1);
    }

    /**
     * A clock with {@code lanes} timelines, all starting at the same instant.
     *
     * @param lanes how many, at least 1
     */
    public SteppingClock(int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("at least one lane");
        }
        offsetMillis = new AtomicLongArray(lanes);
    }

    /**
     * Binds the calling thread to a lane: its reads and advances use that timeline from now on.
     *
     * @param index the lane, 0-based
     */
    public void useLane(int index) {
        if (index < 0 || index >= offsetMillis.length()) {
            throw new IllegalArgumentException("no lane " + index);
        }
        lane.get()[0] = index;
    }

    /**
     * Moves the calling thread's lane forward.
     *
     * @param millis how far, at least 0
     */
    public void advanceMillis(long millis) {
        offsetMillis.addAndGet(lane.get()[0], millis);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return startMillis + offsetMillis.get(lane.get()[0]);
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
