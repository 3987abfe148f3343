/**
 * The XRPC layer of the account domain, and the runnable demo server.
 *
 * <p>{@link dev.pdsaccounts.xrpc.XrpcDispatcher} is the whole layer without an HTTP server type: it checks the
 * HTTP method, the credentials, the query parameters and the JSON input (strict UTF-8) against the lexicons,
 * enforces the body limit and the rate limits, calls the library through one small routing table
 * ({@link dev.pdsaccounts.xrpc.AccountRoutes}), validates the output, and maps every
 * {@link dev.pdsaccounts.error.LexiconException} to its status and {@code {"error","message"}}. No domain rule
 * lives here. Transports are thin: {@link dev.pdsaccounts.xrpc.XrpcServer} (embedded Jetty 12, the demo's) and
 * the servlet adapter of the {@code xrpc-servlet} module. {@link dev.pdsaccounts.xrpc.DemoServer} runs it on an
 * embedded SQLite store or a shared PostgreSQL database.
 */
package dev.pdsaccounts.xrpc;
