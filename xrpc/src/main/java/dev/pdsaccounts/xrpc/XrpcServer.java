package dev.pdsaccounts.xrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import java.util.concurrent.ArrayBlockingQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The demo's HTTP transport: an embedded Jetty 12 server (core handler API, no servlet) in front of an
 * {@link XrpcDispatcher}. {@code /xrpc/<nsid>} goes to the dispatcher, a few extra paths to
 * {@link HttpEndpoint}s, anything else is 404 {@code NotFound}.
 *
 * <p>Jetty parses requests without blocking: a connection that trickles its header holds no thread, only a few
 * kilobytes, so slow clients cannot starve the request threads (the JDK {@code HttpServer} this replaces read
 * headers on its worker threads). On top of that:
 * <ul>
 *   <li>a <b>header timeout</b>: a connection that has not delivered a complete request head
 *       {@link Builder#headerTimeout} after it opened is closed;</li>
 *   <li>an <b>idle timeout</b> ({@link Builder#idleTimeout}): a connection with no byte in or out for that long
 *       is closed;</li>
 *   <li>the request head is bounded ({@link Builder#maxHeaderBytes}; larger → 431), as is the number of open
 *       connections ({@link Builder#maxConnections}; beyond it Jetty stops accepting until one closes);</li>
 *   <li>requests run on a bounded pool ({@link Builder#threads}) with a bounded queue.</li>
 * </ul>
 *
 * <pre>{@code
 * XrpcDispatcher xrpc = XrpcDispatcher.builder(pds).adminPassword(password).build();
 * try (XrpcServer server = XrpcServer.builder(xrpc).port(2583).build()) {
 *     server.start();
 *     ...
 * }
 * }</pre>
 */
public final class XrpcServer implements AutoCloseable {
    /** Default number of request threads. */
    public static final int DEFAULT_THREADS = 16;
    /** Default number of requests waiting for a thread. */
    public static final int DEFAULT_QUEUE = 256;
    /** Default idle timeout of a connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default time a new connection has to deliver its first complete request head. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default bound on a request head (request line and headers). */
    public static final int DEFAULT_MAX_HEADER_BYTES = 32 * 1024;
    /** Default bound on open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private static final System.Logger LOG = System.getLogger(XrpcServer.class.getName());
    private static final String XRPC_PREFIX = "/xrpc/";

    private final XrpcDispatcher dispatcher;
    private final Server server;
    private final ServerConnector connector;

    private XrpcServer(Builder b) {
        this.dispatcher = b.dispatcher;
        // Jetty needs an acceptor and a selector thread besides the request threads.
        QueuedThreadPool pool = new QueuedThreadPool(b.threads + 2, Math.min(4, b.threads + 2), 60_000, 0,
                new ArrayBlockingQueue<>(b.queue), null);
        pool.setName("xrpc");
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(b.maxHeaderBytes);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(b.address.getHostString());
        connector.setPort(b.address.getPort());
        connector.setIdleTimeout(b.idleTimeout.toMillis());
        connector.setAcceptQueueSize(128);
        connector.addBean(new HeaderDeadline(connector.getScheduler(), b.headerTimeout.toMillis()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(b.maxConnections, connector));
        server.setHandler(new JettyXrpcHandler(dispatcher, Map.copyOf(b.endpoints)));
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(1000);
    }

    /**
     * Starts building a server in front of {@code dispatcher}.
     *
     * @param dispatcher the dispatcher that answers every XRPC call
     * @return a new builder
     */
    public static Builder builder(XrpcDispatcher dispatcher) {
        return new Builder(dispatcher);
    }

    /** Binds the port and starts accepting requests. */
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + connector.getHost() + ":" + connector.getPort(), e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the server: " + e.getMessage(), e);
        }
    }

    /** {@return the bound port} Useful with port 0; after {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@return the base URL, e.g. {@code http://127.0.0.1:2583}} */
    public String url() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** {@return the dispatcher behind this server} */
    public XrpcDispatcher dispatcher() {
        return dispatcher;
    }

    /** Stops accepting, lets running requests finish for up to a second, and stops the threads. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not stop the server cleanly: " + e);
        }
    }

    /** Closes connections that have not delivered a complete request head in time after opening. */
    private static final class HeaderDeadline implements Connection.Listener {
        private final Scheduler scheduler;
        private final long millis;

        HeaderDeadline(Scheduler scheduler, long millis) {
            this.scheduler = scheduler;
            this.millis = millis;
        }

        @Override
        public void onOpened(Connection connection) {
            scheduler.schedule(() -> {
                if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                    connection.getEndPoint().close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Jetty's own refusals (a malformed request line, an ambiguous path, a too large head) as XRPC errors
     * {@code {"error","message"}} instead of HTML pages.
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            String name = code >= 500 ? "InternalServerError" : "InvalidRequest";
            String text = HttpStatus.getMessage(code);
            XrpcHttpResponse answer = XrpcDispatcher.errorAnswer(code, name, text == null ? "Error" : text,
                    new LinkedHashMap<>());
            answer.headers().forEach((n, v) -> response.getHeaders().put(n, v));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    /** Copies a Jetty request into the dispatcher and its answer back. */
    private static final class JettyXrpcHandler extends Handler.Abstract {
        private final XrpcDispatcher dispatcher;
        private final Map<String, HttpEndpoint> endpoints;

        JettyXrpcHandler(XrpcDispatcher dispatcher, Map<String, HttpEndpoint> endpoints) {
            this.dispatcher = dispatcher;
            this.endpoints = endpoints;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            XrpcHttpResponse answer;
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            try {
                if (path != null && path.startsWith(XRPC_PREFIX)) {
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    for (HttpField f : request.getHeaders()) {
                        headers.computeIfAbsent(f.getName(), n -> new ArrayList<>()).add(f.getValue());
                    }
                    answer = dispatcher.handle(new XrpcHttpRequest(request.getMethod(),
                            path.substring(XRPC_PREFIX.length()), query, headers, () -> body(request),
                            Request.getRemoteAddr(request)));
                } else {
                    answer = endpoint(path).handle(request.getMethod(), path == null ? "" : path,
                            query == null ? "" : query);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "unhandled exception serving a request (a bug)", e);
                answer = XrpcDispatcher.errorAnswer(500, "InternalServerError", "Internal Server Error",
                        new LinkedHashMap<>());
            }
            response.setStatus(answer.status());
            answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            if (answer.status() == 413) {
                // The refused body stays unread: this connection cannot carry another request.
                response.getHeaders().put("Connection", "close");
            }
            byte[] body = answer.body();
            response.getHeaders().put("Content-Length", String.valueOf(body.length));
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }

        private HttpEndpoint endpoint(String path) {
            if (path != null) {
                for (Map.Entry<String, HttpEndpoint> e : endpoints.entrySet()) {
                    if (path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) {
                        return e.getValue();
                    }
                }
            }
            return (method, p, q) -> XrpcDispatcher.notFound();
        }

        /** The body as a stream whose failures (a broken chunk, a reset) are I/O errors. */
        private static InputStream body(Request request) {
            InputStream in = Request.asInputStream(request);
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return in.read(b, off, len);
                    } catch (RuntimeException e) {
                        throw new IOException("request body could not be read", e);
                    }
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }
    }

    /** Builder of {@link XrpcServer}. */
    public static final class Builder {
        private final XrpcDispatcher dispatcher;
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 2583);
        private int threads = DEFAULT_THREADS;
        private int queue = DEFAULT_QUEUE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private final Map<String, HttpEndpoint> endpoints = new LinkedHashMap<>();

        private Builder(XrpcDispatcher dispatcher) {
            this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        }

        /**
         * Where to listen (default {@code 127.0.0.1:2583}); port 0 picks a free port.
         *
         * @param address the address and port
         * @return this builder
         */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Listens on {@code 127.0.0.1:port}.
         *
         * @param port the port; 0 picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            return address(new InetSocketAddress("127.0.0.1", port));
        }

        /**
         * Request threads (default {@value #DEFAULT_THREADS}) and waiting requests (default {@value #DEFAULT_QUEUE}).
         *
         * @param threads the request threads
         * @param queue   the requests that may wait for a thread
         * @return this builder
         */
        public Builder threads(int threads, int queue) {
            if (threads < 1 || queue < 1) {
                throw new IllegalArgumentException("threads and queue must be positive");
            }
            this.threads = threads;
            this.queue = queue;
            return this;
        }

        /**
         * Idle timeout of a connection (default 30 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Time a new connection has to deliver a complete request head (default 10 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive(timeout, "headerTimeout");
            return this;
        }

        /**
         * Largest request head in bytes (default 32 KiB); larger ones get 431.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxHeaderBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
            }
            this.maxHeaderBytes = bytes;
            return this;
        }

        /**
         * Most open connections (default {@value #DEFAULT_MAX_CONNECTIONS}).
         *
         * @param connections the limit
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = connections;
            return this;
        }

        /**
         * Serves a non-XRPC path (and what lies below it) too, e.g. the demo's {@code /dev/outbox}.
         *
         * @param path     the path prefix, e.g. {@code /dev/outbox}
         * @param endpoint what answers it
         * @return this builder
         */
        public Builder endpoint(String path, HttpEndpoint endpoint) {
            if (!path.startsWith("/") || path.startsWith(XRPC_PREFIX) || "/xrpc".equals(path) || "/".equals(path)) {
                throw new IllegalArgumentException("extra endpoints need their own path: " + path);
            }
            endpoints.put(path, Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** {@return the server, not started} */
        public XrpcServer build() {
            return new XrpcServer(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
