package dev.pdsaccounts.ratelimit;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-process {@link RateLimiter}: fixed-window counters per (action, key), with the reference's limits
 * by default ({@link RateLimitedAction#limits()}). Thread-safe; every count is updated atomically per key.
 *
 * <p>Memory is bounded: windows that have ended are evicted (swept once a minute, and whenever the table is
 * full), keys longer than {@value #MAX_KEY_LENGTH} characters are stored as their SHA-256, and at most
 * {@code maxKeys} (action, key) pairs are tracked. When the table is full of live windows a NEW key is refused
 * with {@code RateLimitExceeded} (fail closed: a flood of distinct keys cannot switch limiting off); keys
 * already tracked go on being counted as usual. Size {@code maxKeys} above the number of distinct clients
 * expected within a day.
 *
 * <p>Like the reference, a refused call still counts, so a client that keeps hammering stays refused until
 * its window ends. Counts are per process: a fleet of hosts needs a shared limiter (e.g. over Redis) behind
 * the same port.
 *
 * <pre>{@code
 * PdsAccounts pds = PdsAccounts.builder().config(config).secrets(secrets).store(store)
 *         .rateLimiter(InMemoryRateLimiter.withDefaults(Clock.systemUTC()))
 *         .build();
 * }</pre>
 */
public final class InMemoryRateLimiter implements RateLimiter {
    /** Keys longer than this (or not printable ASCII) are tracked by their SHA-256: {@link RateLimitRequest#MAX_KEY_LENGTH}. */
    public static final int MAX_KEY_LENGTH = RateLimitRequest.MAX_KEY_LENGTH;
    /** The default bound on tracked (action, key) pairs. */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private final Clock clock;
    private final Map<RateLimitedAction, List<RateLimit>> limits;
    private final int maxKeys;
    private final ConcurrentHashMap<Slot, Counters> table = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastFullSweep = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /**
     * A limiter with explicit limits.
     *
     * @param clock   the clock windows are measured with
     * @param limits  the limits per action; an action without an entry is not limited
     * @param maxKeys the most (action, key) pairs tracked at once (at least 1)
     */
    public InMemoryRateLimiter(Clock clock, Map<RateLimitedAction, List<RateLimit>> limits, int maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(limits, "limits");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1");
        }
        this.limits = RateLimitRequest.copyLimits(limits);
        this.maxKeys = maxKeys;
    }

    /**
     * The reference's limits for every action, {@link #DEFAULT_MAX_KEYS} keys, on {@code clock}.
     *
     * @param clock the clock the windows are measured on
     * @return a new limiter
     */
    public static InMemoryRateLimiter withDefaults(Clock clock) {
        return new InMemoryRateLimiter(clock, defaultLimits(), DEFAULT_MAX_KEYS);
    }

    /** {@return the reference's limits of every action} */
    public static Map<RateLimitedAction, List<RateLimit>> defaultLimits() {
        EnumMap<RateLimitedAction, List<RateLimit>> m = new EnumMap<>(RateLimitedAction.class);
        for (RateLimitedAction a : RateLimitedAction.values()) {
            m.put(a, a.limits());
        }
        return m;
    }

    @Override
    public RateLimitDecision consume(RateLimitedAction action, String key, int points) {
        Optional<RateLimitRequest> resolved = RateLimitRequest.of(limits, action, key, points);
        if (resolved.isEmpty()) {
            return RateLimitDecision.unlimited();
        }
        RateLimitRequest request = resolved.get();
        long now = clock.millis();
        maybeSweep(now);
        Slot slot = new Slot(request.action(), request.key());
        int n = request.limits().size();
        if (points == 0) {
            RateLimitDecision[] seen = new RateLimitDecision[1];
            table.computeIfPresent(slot, (s, c) -> {
                // Read inside the slot's compute; the decision keeps no reference to the arrays.
                seen[0] = request.decision(now, c.count, c.windowEnd);
                return c;
            });
            return seen[0] != null ? seen[0] : request.decision(now, new long[n], new long[n]);
        }
        Counters counters = table.get(slot);
        if (counters == null && table.size() >= maxKeys) {
            sweepWhenFull(now);
            if (table.size() >= maxKeys && !table.containsKey(slot)) {
                // No room to track a new key: refuse rather than forget a key that is being limited.
                long[] full = new long[n];
                long[] ends = new long[n];
                for (int i = 0; i < n; i++) {
                    full[i] = (long) request.limits().get(i).points() + 1;
                    ends[i] = request.freshWindowEnd(i, now);
                }
                return RateLimitDecision.of(request.limits(), full, ends);
            }
        }
        RateLimitDecision[] decision = new RateLimitDecision[1];
        table.compute(slot, (s, c) -> {
            Counters live = c != null ? c : new Counters(n);
            decision[0] = live.hit(now, request);
            return live;
        });
        return decision[0];
    }

    /** {@return how many (action, key) pairs are tracked now} For monitoring and tests. */
    public int trackedKeys() {
        return table.size();
    }

    /**
     * Evicts every (action, key) pair whose windows have all ended.
     *
     * @return how many were evicted
     */
    public int evictExpired() {
        return sweep(clock.millis());
    }

    private void maybeSweep(long now) {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_MILLIS)) {
            sweep(now);
        }
    }

    private void sweepWhenFull(long now) {
        long last = lastFullSweep.get();
        if (last != now && lastFullSweep.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    private int sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return 0;
        }
        try {
            int[] evicted = new int[1];
            for (Slot s : table.keySet()) {
                table.computeIfPresent(s, (k, c) -> {
                    if (c.ended(now)) {
                        evicted[0]++;
                        return null;
                    }
                    return c;
                });
            }
            return evicted[0];
        } finally {
            sweeping.set(false);
        }
    }

    private record Slot(RateLimitedAction action, String key) {
    }

    /** Per (action, key): one fixed window per limit. Mutated only inside the table's atomic compute. */
    private static final class Counters {
        private final long[] windowEnd;
        private final long[] count;

        Counters(int n) {
            this.windowEnd = new long[n];
            this.count = new long[n];
            java.util.Arrays.fill(windowEnd, Long.MIN_VALUE);
        }

        RateLimitDecision hit(long now, RateLimitRequest request) {
            int points = request.points();
            for (int i = 0; i < windowEnd.length; i++) {
                if (now >= windowEnd[i]) {
                    windowEnd[i] = request.freshWindowEnd(i, now);
                    count[i] = 0;
                }
                count[i] = RateLimitRequest.saturatedAdd(count[i], points);
            }
            return RateLimitDecision.of(request.limits(), count, windowEnd); // it only reads them, here
        }

        boolean ended(long now) {
            for (long end : windowEnd) {
                if (now < end) {
                    return false;
                }
            }
            return true;
        }
    }
}
