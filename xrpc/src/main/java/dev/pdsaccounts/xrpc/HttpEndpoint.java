package dev.pdsaccounts.xrpc;

/**
 * A non-XRPC path a transport serves beside {@code /xrpc/} (e.g. the demo's {@code /dev/outbox}), as plainly
 * as the dispatcher: method, raw path and raw query in, an answer out.
 */
@FunctionalInterface
public interface HttpEndpoint {
    /**
     * Answers one request.
     *
     * @param method   the HTTP method
     * @param rawPath  the full path, still percent-encoded
     * @param rawQuery the query without {@code ?}, still percent-encoded; empty when none
     * @return the answer
     */
    XrpcHttpResponse handle(String method, String rawPath, String rawQuery);
}
