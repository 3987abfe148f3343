/**
 * A thin XRPC-over-HTTP adapter for the account domain, and the runnable demo server.
 *
 * <p>{@link dev.pdsaccounts.xrpc.XrpcServer} serves {@code /xrpc/<nsid>} on the JDK's built-in HTTP server:
 * it checks the HTTP method, the credentials, the query parameters and the JSON input against the lexicons,
 * calls the library through one small routing table ({@link dev.pdsaccounts.xrpc.AccountRoutes}), validates the
 * output, and maps every {@link dev.pdsaccounts.error.LexiconException} to its status and
 * {@code {"error","message"}}. No domain rule lives here. {@link dev.pdsaccounts.xrpc.DemoServer} runs it on an
 * embedded store.
 */
package dev.pdsaccounts.xrpc;
