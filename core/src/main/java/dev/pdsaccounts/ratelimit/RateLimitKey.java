package dev.pdsaccounts.ratelimit;

/**
 * What the reference PDS keys a limit by. The host builds the key string it passes to
 * {@link RateLimiter#check}; this tells it which.
 */
public enum RateLimitKey {
    /** The client IP address (the reference's default key). */
    IP,
    /**
     * {@code <identifier>-<ip>}: the login identifier as sent, a hyphen, the client IP (createSession), so one
     * client guessing many accounts' passwords and many clients guessing one account's are both limited.
     */
    IDENTIFIER_AND_IP,
    /** The authenticated account's DID. */
    DID
}
