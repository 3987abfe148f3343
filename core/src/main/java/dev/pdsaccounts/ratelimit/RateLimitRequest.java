package dev.pdsaccounts.ratelimit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@link RateLimiter#consume} call, checked and resolved against a limiter's limits: the rules every counter
 * store shares, written once here so that a limiter only keeps counters. It holds which limits apply, the key as
 * stored (bounded), one counter id per limit, when a fresh window ends, and how counters become a decision (a
 * window that has ended by {@code now} reads as a fresh one).
 *
 * <pre>{@code
 * Optional<RateLimitRequest> request = RateLimitRequest.of(limits, action, key, points);
 * if (request.isEmpty()) return RateLimitDecision.unlimited();
 * // ... count request.get().points() on each counter request.get().counterId(i) ...
 * return request.get().decision(now, counts, windowEnds);
 * }</pre>
 */
public final class RateLimitRequest {
    /** Keys longer than this, or holding a character outside printable ASCII, are kept by their SHA-256. */
    public static final int MAX_KEY_LENGTH = 128;

    private final RateLimitedAction action;
    private final String key;
    private final int points;
    private final List<RateLimit> limits;

    private RateLimitRequest(RateLimitedAction action, String key, int points, List<RateLimit> limits) {
        this.action = action;
        this.key = key;
        this.points = points;
        this.limits = limits;
    }

    /**
     * Checks one call's arguments and resolves them against {@code limits}.
     *
     * @param limits the limiter's limits per action (an immutable copy, see {@link #copyLimits})
     * @param action the action being counted
     * @param key    who is counted (an IP address, a DID, ...), any length
     * @param points how many points this call costs; 0 only reads the counters
     * @return the resolved request, or empty when {@code action} has no limit (the call is always allowed)
     * @throws NullPointerException     when {@code action} or {@code key} is null
     * @throws IllegalArgumentException when {@code points} is negative
     */
    public static Optional<RateLimitRequest> of(Map<RateLimitedAction, List<RateLimit>> limits,
                                                RateLimitedAction action, String key, int points) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        if (points < 0) {
            throw new IllegalArgumentException("points must not be negative");
        }
        List<RateLimit> actionLimits = limits.get(action);
        if (actionLimits == null || actionLimits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitRequest(action, boundedKey(key), points, actionLimits));
    }

    /**
     * An immutable copy of a limiter's configured limits, refusing a null action or list.
     *
     * @param limits the limits per action
     * @return the copy
     */
    public static Map<RateLimitedAction, List<RateLimit>> copyLimits(Map<RateLimitedAction, List<RateLimit>> limits) {
        Objects.requireNonNull(limits, "limits");
        EnumMap<RateLimitedAction, List<RateLimit>> copy = new EnumMap<>(RateLimitedAction.class);
        limits.forEach((action, list) -> copy.put(Objects.requireNonNull(action, "action"), List.copyOf(list)));
        return copy;
    }

    /** @return the action being counted */
    public RateLimitedAction action() {
        return action;
    }

    /** @return the key as a limiter keeps it: as given when short and printable ASCII, else {@code sha256:<hex>} */
    public String key() {
        return key;
    }

    /** @return the points this call costs (0: only read) */
    public int points() {
        return points;
    }

    /** @return the limits that apply to the action, in their configured order (never empty) */
    public List<RateLimit> limits() {
        return limits;
    }

    /**
     * A stable id of the counter of limit {@code i} for this action and key, e.g. for a database row.
     *
     * @param i the index of the limit in {@link #limits()}
     * @return {@code <action>/<window millis>/<key>}
     */
    public String counterId(int i) {
        return action.name() + "/" + limits.get(i).window().toMillis() + "/" + key;
    }

    /**
     * When a window of limit {@code i} that starts at {@code now} ends.
     *
     * @param i   the index of the limit in {@link #limits()}
     * @param now epoch milliseconds
     * @return epoch milliseconds, {@link Long#MAX_VALUE} if that overflows
     */
    public long freshWindowEnd(int i, long now) {
        return saturatedAdd(now, limits.get(i).window().toMillis());
    }

    /**
     * The decision for counters as stored; a counter whose window ended by {@code now} (or a missing one, given
     * as {@code windowEnds[i] <= now}) reads as a fresh window with nothing counted. The arrays are only read,
     * never kept or changed.
     *
     * @param now        epoch milliseconds
     * @param counts     the stored count per limit
     * @param windowEnds the stored window end per limit, epoch milliseconds
     * @return the decision
     */
    public RateLimitDecision decision(long now, long[] counts, long[] windowEnds) {
        long[] liveCounts = new long[limits.size()];
        long[] liveEnds = new long[limits.size()];
        for (int i = 0; i < liveCounts.length; i++) {
            boolean live = windowEnds[i] > now;
            liveCounts[i] = live ? counts[i] : 0;
            liveEnds[i] = live ? windowEnds[i] : freshWindowEnd(i, now);
        }
        return RateLimitDecision.of(limits, liveCounts, liveEnds);
    }

    /**
     * {@code a + b}, or {@link Long#MAX_VALUE} when that overflows.
     *
     * @param a a non-negative addend or a time
     * @param b a non-negative addend
     * @return the saturated sum
     */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static String boundedKey(String key) {
        if (key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e)) {
            return key;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // The UTF-16 code units themselves, two bytes each: an encoder (even UTF-16's) replaces a lone
            // surrogate, which would let distinct keys share one counter.
            byte[] units = new byte[key.length() * 2];
            for (int i = 0; i < key.length(); i++) {
                units[2 * i] = (byte) (key.charAt(i) >>> 8);
                units[2 * i + 1] = (byte) key.charAt(i);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest(units));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public String toString() {
        // The key may be an IP address: kept out of logs.
        return "RateLimitRequest[" + action + ", " + points + " points]";
    }
}
