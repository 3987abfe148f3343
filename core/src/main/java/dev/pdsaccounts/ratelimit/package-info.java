/**
 * The rate-limit hook. The library never calls it on its own: the host (or the {@code xrpc} module) calls
 * {@link dev.pdsaccounts.ratelimit.RateLimiter#check} at its edge, before the use case, with a key it chooses
 * from the request (client IP, {@code <identifier>-<ip>}, or the authenticated DID, as
 * {@link dev.pdsaccounts.ratelimit.RateLimitKey} documents per action).
 * {@link dev.pdsaccounts.ratelimit.RateLimitedAction} carries the reference PDS's limits (its
 * {@code rate-limits.ts} and handlers); {@link dev.pdsaccounts.ratelimit.InMemoryRateLimiter} enforces them
 * in one process with bounded memory; {@link dev.pdsaccounts.ratelimit.RateLimiter#NONE} (the facade's
 * default) enforces nothing.
 */
package dev.pdsaccounts.ratelimit;
