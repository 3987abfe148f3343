package dev.pdsaccounts.xrpc;

import java.util.Objects;

/**
 * One XRPC method served: its NSID (whose lexicon says query or procedure, parameters, input and output), the
 * credentials it accepts and its handler.
 *
 * @param nsid    the method id, e.g. {@code com.atproto.server.createAccount}
 * @param auth    the credentials accepted
 * @param handler the work
 */
public record Route(String nsid, Auth auth, XrpcHandler handler) {
    /** Validates presence. */
    public Route {
        Objects.requireNonNull(nsid, "nsid");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(handler, "handler");
    }
}
