package dev.pdsaccounts.ratelimit;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/**
 * The rate-limit port. The host calls {@link #check} at its edge before running a limited use case (the
 * library's use cases never call it themselves, so a host that limits at a proxy pays nothing). Keys are
 * the host's choice; {@link RateLimitedAction#key()} says which the reference uses. Implementations must be
 * thread-safe and must not throw anything but the documented {@link LexiconException} for any key.
 *
 * <pre>{@code
 * pds.rateLimiter().check(RateLimitedAction.CREATE_SESSION, identifier + "-" + clientIp);
 * SessionOutput out = pds.sessions().createSession(identifier, password, false);
 * }</pre>
 */
public interface RateLimiter {
    /** Enforces nothing (the facade's default). */
    RateLimiter NONE = (action, key, points) -> RateLimitDecision.unlimited();

    /**
     * Counts {@code points} calls of {@code action} for {@code key} and says whether the call is allowed. A
     * refused call still counts (as in the reference), so a client that keeps hammering stays refused until its
     * window ends. {@code points == 0} only reads the state (for limits on failures, such as
     * {@link RateLimitedAction#ADMIN_AUTH_FAILURE}, checked before the attempt and counted after it fails).
     *
     * @param action the limited action
     * @param key    the key the host chose ({@link RateLimitedAction#key()})
     * @param points how many calls to count (0 or more)
     * @return the decision (never null)
     * @throws NullPointerException     when {@code action} or {@code key} is null (a host bug, not user input)
     * @throws IllegalArgumentException when {@code points} is negative
     */
    RateLimitDecision consume(RateLimitedAction action, String key, int points);

    /**
     * Counts one call of {@code action} for {@code key}.
     *
     * @throws LexiconException {@code RateLimitExceeded} (429) when a limit of the action is exhausted
     * @throws NullPointerException when {@code action} or {@code key} is null (a host bug, not user input)
     * @param action the limited use case
     * @param key    what the action is keyed by (see {@link RateLimitedAction#key()}), e.g. the client IP
     */
    default void check(RateLimitedAction action, String key) {
        if (!consume(action, key, 1).allowed()) {
            throw exceeded();
        }
    }

    /** {@return the error a limiter throws: {@code RateLimitExceeded}, 429, "Rate Limit Exceeded"} */
    static LexiconException exceeded() {
        return new LexiconException(LexiconError.RATE_LIMIT_EXCEEDED, "Rate Limit Exceeded");
    }
}
