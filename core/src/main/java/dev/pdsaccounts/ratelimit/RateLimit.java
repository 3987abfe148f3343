package dev.pdsaccounts.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit: at most {@code points} calls per {@code window} for one key. Windows are fixed: they start at
 * the first call of a key and reset when they end, as the reference's {@code rate-limiter-flexible} memory
 * limiter does.
 *
 * @param points how many calls a window allows (at least 1)
 * @param window the window's length (positive)
 */
public record RateLimit(int points, Duration window) {
    /**
     * Validates the limit.
     *
     * @param points how many calls a window allows (at least 1)
     * @param window the window's length (positive)
     * @throws NullPointerException if a component is null
     */
    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (points < 1) {
            throw new IllegalArgumentException("points must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    /**
     * {@code points} calls per {@code window}.
     *
     * @param points the calls allowed in one window, positive
     * @param window the window's length, positive
     * @return the limit
     */
    public static RateLimit of(int points, Duration window) {
        return new RateLimit(points, window);
    }
}
