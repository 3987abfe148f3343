package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.ratelimit.RateLimitedAction;
import java.util.List;
import java.util.Objects;

/**
 * One XRPC method served: its NSID (whose lexicon says query or procedure, parameters, input and output), the
 * credentials it accepts, its handler and the rate-limited actions it counts (checked after the credentials and
 * the input are verified, before the handler; keyed as {@link RateLimitedAction#key()} says).
 *
 * @param nsid       the method id, e.g. {@code com.atproto.server.createAccount}
 * @param auth       the credentials accepted
 * @param handler    the work
 * @param rateLimits the limited actions a call counts (empty: only the global limit)
 */
public record Route(String nsid, Auth auth, XrpcHandler handler, List<RateLimitedAction> rateLimits) {
    /**
     * Validates presence.
     *
     * @param nsid       the method id, e.g. {@code com.atproto.server.createAccount}
     * @param auth       the credentials accepted
     * @param handler    the work
     * @param rateLimits the limited actions a call counts (empty: only the global limit)
     * @throws NullPointerException if a component is null
     */
    public Route {
        Objects.requireNonNull(nsid, "nsid");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(handler, "handler");
        rateLimits = List.copyOf(rateLimits);
    }

    /**
     * A route without a limit of its own.
     *
     * @param nsid    the method's NSID
     * @param auth    the credentials it requires
     * @param handler what answers it
     */
    public Route(String nsid, Auth auth, XrpcHandler handler) {
        this(nsid, auth, handler, List.of());
    }

    /**
     * The same route, counting {@code action} too.
     *
     * @param action the rate-limited action this route counts
     * @return a new route
     */
    public Route limitedBy(RateLimitedAction action) {
        List<RateLimitedAction> more = new java.util.ArrayList<>(rateLimits);
        more.add(Objects.requireNonNull(action, "action"));
        return new Route(nsid, auth, handler, more);
    }
}
