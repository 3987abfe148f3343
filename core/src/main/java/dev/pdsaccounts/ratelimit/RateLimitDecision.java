package dev.pdsaccounts.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RateLimiter} decided for one call: whether it is allowed and, for the binding limit (the one
 * that refused it, or else the one with the fewest calls left), what the {@code RateLimit-*} answer headers
 * report: the limit, the calls left in its window and when that window ends.
 *
 * @param allowed   whether every limit of the action allows the call
 * @param limit     the binding limit; empty when the action is not limited
 * @param remaining calls left in the binding limit's window (0 when exhausted)
 * @param resetAt   when the binding limit's window ends ({@link Instant#EPOCH} when not limited)
 */
public record RateLimitDecision(boolean allowed, Optional<RateLimit> limit, long remaining, Instant resetAt) {
    private static final RateLimitDecision UNLIMITED =
            new RateLimitDecision(true, Optional.empty(), Long.MAX_VALUE, Instant.EPOCH);

    /**
     * Validates presence.
     *
     * @param allowed   whether every limit of the action allows the call
     * @param limit     the binding limit; empty when the action is not limited
     * @param remaining calls left in the binding limit's window (0 when exhausted)
     * @param resetAt   when the binding limit's window ends ({@link Instant#EPOCH} when not limited)
     * @throws NullPointerException if a component is null
     */
    public RateLimitDecision {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(resetAt, "resetAt");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative");
        }
    }

    /** {@return the decision for an action without limits: always allowed, no headers} */
    public static RateLimitDecision unlimited() {
        return UNLIMITED;
    }

    /**
     * The decision over every limit of an action, given the calls counted in each limit's current window (the
     * one rule every limiter shares): a call is allowed when no count exceeds its limit's points. The arrays
     * are only read, never kept, so a limiter may pass its live counters.
     *
     * @param limits     the action's limits
     * @param counts     per limit, the calls counted in its current window, this one included
     * @param windowEnds per limit, when its current window ends (epoch millis)
     * @return the decision
     */
    public static RateLimitDecision of(List<RateLimit> limits, long[] counts, long[] windowEnds) {
        if (limits.isEmpty()) {
            return UNLIMITED;
        }
        if (counts.length != limits.size() || windowEnds.length != limits.size()) {
            throw new IllegalArgumentException("one count and one window end per limit");
        }
        int binding = -1;
        boolean allowed = true;
        for (int i = 0; i < limits.size(); i++) {
            boolean over = counts[i] > limits.get(i).points();
            long left = Math.max(0, limits.get(i).points() - counts[i]);
            if (over && allowed) {
                allowed = false;
                binding = i;
            } else if (allowed && (binding < 0 || left < Math.max(0, limits.get(binding).points() - counts[binding]))) {
                binding = i;
            }
        }
        RateLimit b = limits.get(binding);
        return new RateLimitDecision(allowed, Optional.of(b), Math.max(0, b.points() - counts[binding]),
                Instant.ofEpochMilli(windowEnds[binding]));
    }

    /**
     * How long until the binding window ends, measured from {@code now}.
     *
     * @param now the current time
     * @return the time left, never negative
     */
    public Duration resetAfter(Instant now) {
        Duration d = Duration.between(now, resetAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
