package dev.pdsaccounts.ratelimit;

import java.time.Duration;
import java.util.List;

/**
 * The rate-limited use cases, each with the reference PDS's limits (section 3.17 of the reference notes)
 * and the key it uses. A call is allowed only when every limit of its action allows it. Endpoints the
 * reference does not limit (refreshSession, confirmEmail, updateEmail, app passwords) have no entry; the
 * reference also applies a global 3000 calls per 5 minutes per IP to every route ({@link #GLOBAL}), which the HTTP
 * layer counts before routing.
 */
public enum RateLimitedAction {
    /** {@code com.atproto.server.createAccount}: 100 per 5 minutes per IP. */
    CREATE_ACCOUNT(RateLimitKey.IP, RateLimit.of(100, Duration.ofMinutes(5))),
    /** {@code com.atproto.server.createSession}: 30 per 5 minutes and 300 per day per identifier and IP. */
    CREATE_SESSION(RateLimitKey.IDENTIFIER_AND_IP, RateLimit.of(30, Duration.ofMinutes(5)),
            RateLimit.of(300, Duration.ofDays(1))),
    /** {@code com.atproto.server.requestPasswordReset}: 15 per hour and 50 per day per IP. */
    REQUEST_PASSWORD_RESET(RateLimitKey.IP, RateLimit.of(15, Duration.ofHours(1)),
            RateLimit.of(50, Duration.ofDays(1))),
    /** {@code com.atproto.server.resetPassword}: 50 per 5 minutes per IP. */
    RESET_PASSWORD(RateLimitKey.IP, RateLimit.of(50, Duration.ofMinutes(5))),
    /** {@code com.atproto.server.deleteAccount}: 50 per 5 minutes per IP. */
    DELETE_ACCOUNT(RateLimitKey.IP, RateLimit.of(50, Duration.ofMinutes(5))),
    /** {@code com.atproto.server.requestAccountDelete}: 5 per hour and 15 per day per DID. */
    REQUEST_ACCOUNT_DELETE(RateLimitKey.DID, RateLimit.of(5, Duration.ofHours(1)),
            RateLimit.of(15, Duration.ofDays(1))),
    /** {@code com.atproto.server.requestEmailConfirmation}: 5 per hour and 15 per day per DID. */
    REQUEST_EMAIL_CONFIRMATION(RateLimitKey.DID, RateLimit.of(5, Duration.ofHours(1)),
            RateLimit.of(15, Duration.ofDays(1))),
    /** {@code com.atproto.server.requestEmailUpdate}: 5 per hour and 15 per day per DID. */
    REQUEST_EMAIL_UPDATE(RateLimitKey.DID, RateLimit.of(5, Duration.ofHours(1)),
            RateLimit.of(15, Duration.ofDays(1))),
    /** {@code com.atproto.identity.updateHandle}: 10 per 5 minutes and 50 per day per DID. */
    UPDATE_HANDLE(RateLimitKey.DID, RateLimit.of(10, Duration.ofMinutes(5)), RateLimit.of(50, Duration.ofDays(1))),
    /** Every XRPC call, whatever the method: the reference's global 3000 per 5 minutes per IP. */
    GLOBAL(RateLimitKey.IP, RateLimit.of(3000, Duration.ofMinutes(5))),
    /**
     * Failed admin Basic authentications (not in the reference, which has no admin brute-force limit): 10 per
     * 5 minutes and 100 per day per IP. Only failures count; once exhausted, every admin call from that IP is
     * refused until the window ends, the right password included, so guessing cannot go on.
     */
    ADMIN_AUTH_FAILURE(RateLimitKey.IP, RateLimit.of(10, Duration.ofMinutes(5)), RateLimit.of(100, Duration.ofDays(1)));

    /** The reference's global limit on every route, per IP: 3000 per 5 minutes ({@link #GLOBAL}). */
    public static final RateLimit GLOBAL_PER_IP = GLOBAL.limits().get(0);

    private final RateLimitKey key;
    private final List<RateLimit> limits;

    RateLimitedAction(RateLimitKey key, RateLimit... limits) {
        this.key = key;
        this.limits = List.of(limits);
    }

    /** {@return what the reference keys this action's limits by} */
    public RateLimitKey key() {
        return key;
    }

    /** {@return the reference's limits of this action, shortest window first} All must allow a call. */
    public List<RateLimit> limits() {
        return limits;
    }
}
