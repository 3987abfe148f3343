package dev.pdsaccounts.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** Keys longer than this are tracked by their SHA-256 (64 hex characters). */
    public static final int MAX_KEY_LENGTH = 128;
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
        EnumMap<RateLimitedAction, List<RateLimit>> copy = new EnumMap<>(RateLimitedAction.class);
        limits.forEach((action, list) -> copy.put(Objects.requireNonNull(action, "action"), List.copyOf(list)));
        this.limits = copy;
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
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        if (points < 0) {
            throw new IllegalArgumentException("points must not be negative");
        }
        List<RateLimit> actionLimits = limits.get(action);
        if (actionLimits == null || actionLimits.isEmpty()) {
            return RateLimitDecision.unlimited();
        }
        long now = clock.millis();
        maybeSweep(now);
        Slot slot = new Slot(action, boundedKey(key));
        if (points == 0) {
            RateLimitDecision[] seen = new RateLimitDecision[1];
            table.computeIfPresent(slot, (s, c) -> {
                seen[0] = c.read(now, actionLimits);
                return c;
            });
            return seen[0] != null ? seen[0] : fresh(actionLimits, now);
        }
        Counters counters = table.get(slot);
        if (counters == null && table.size() >= maxKeys) {
            sweepWhenFull(now);
            if (table.size() >= maxKeys && !table.containsKey(slot)) {
                long[] full = new long[actionLimits.size()];
                long[] ends = new long[actionLimits.size()];
                for (int i = 0; i < full.length; i++) {
                    full[i] = (long) actionLimits.get(i).points() + 1;
                    ends[i] = saturatedAdd(now, actionLimits.get(i).window().toMillis());
                }
                return RateLimitDecision.of(actionLimits, full, ends);
            }
        }
        RateLimitDecision[] decision = new RateLimitDecision[1];
        table.compute(slot, (s, c) -> {
            Counters live = c != null ? c : new Counters(actionLimits.size());
            decision[0] = live.hit(now, actionLimits, points);
            return live;
        });
        return decision[0];
    }

    private static RateLimitDecision fresh(List<RateLimit> limits, long now) {
        long[] ends = new long[limits.size()];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = saturatedAdd(now, limits.get(i).window().toMillis());
        }
        return RateLimitDecision.of(limits, new long[limits.size()], ends);
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

    private static String boundedKey(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // UTF-16 code units as bytes, so lone surrogates hash distinctly instead of collapsing to '?'.
            byte[] units = key.getBytes(StandardCharsets.UTF_16BE);
            return "sha256:" + HexFormat.of().formatHex(sha.digest(units));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
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

        RateLimitDecision hit(long now, List<RateLimit> limits, int points) {
            for (int i = 0; i < windowEnd.length; i++) {
                RateLimit limit = limits.get(i);
                if (now >= windowEnd[i]) {
                    windowEnd[i] = saturatedAdd(now, limit.window().toMillis());
                    count[i] = 0;
                }
                count[i] = count[i] > Long.MAX_VALUE - points ? Long.MAX_VALUE : count[i] + points;
            }
            return RateLimitDecision.of(limits, count.clone(), windowEnd.clone());
        }

        /** The state now without counting (a window that has ended reads as a fresh one). */
        RateLimitDecision read(long now, List<RateLimit> limits) {
            long[] counts = new long[windowEnd.length];
            long[] ends = new long[windowEnd.length];
            for (int i = 0; i < windowEnd.length; i++) {
                boolean over = now >= windowEnd[i];
                counts[i] = over ? 0 : count[i];
                ends[i] = over ? saturatedAdd(now, limits.get(i).window().toMillis()) : windowEnd[i];
            }
            return RateLimitDecision.of(limits, counts, ends);
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

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
