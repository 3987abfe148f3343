package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.xrpc.lexicon.LexiconRegistry;
import dev.pdsaccounts.xrpc.lexicon.LexiconValidationException;
import dev.pdsaccounts.xrpc.lexicon.LexiconValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The XRPC HTTP server: {@code GET /xrpc/<nsid>} for queries, {@code POST /xrpc/<nsid>} for procedures, each
 * dispatched through a routing table of {@link Route}s.
 *
 * <p>It runs on the JDK's built-in {@code com.sun.net.httpserver.HttpServer}: zero extra dependencies, and
 * enough for a thin adapter that reads one bounded JSON body and writes one JSON answer per request. Requests
 * run on a bounded thread pool; when the pool and its queue are full, the accepting thread runs the request
 * itself, which stops it accepting more (back-pressure instead of unbounded queueing).
 *
 * <p>The JDK server leaves Nagle's algorithm on by default, and it writes a response's headers and body as
 * two segments: on a kept-alive connection the body then waits for the client's delayed ACK, about 40 ms on
 * Linux, for every call. So the first server built in a JVM turns TCP_NODELAY on
 * ({@code -Dsun.net.httpserver.nodelay=true}), unless the host set that property itself; the JDK reads it
 * once, when its first server starts.
 *
 * <p>Per request, in the reference server's order: unknown method → 501 {@code MethodNotImplemented}; wrong
 * HTTP verb → 400 {@code Incorrect HTTP method (POST) expected GET}; credentials ({@link Authenticator});
 * parameters; body (size limit → 413 {@code PayloadTooLarge}, {@code application/json} only, strict bounded JSON);
 * lexicon validation of parameters and input (400 {@code InvalidRequest} with the reference's wording); the
 * handler; lexicon validation of the output. Every {@link LexiconException} becomes its status and
 * {@code {"error","message"}}; an {@link InfrastructureException} becomes 500 {@code InternalServerError} and is
 * logged; anything else is a bug: 500, logged with its stack trace. Credentials, bodies and headers are never
 * logged.
 *
 * <pre>{@code
 * try (XrpcServer server = XrpcServer.builder(pds).adminPassword(password).port(2583).build()) {
 *     server.start();
 *     ...
 * }
 * }</pre>
 */
public final class XrpcServer implements AutoCloseable {
    /** Default largest request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Default number of request threads. */
    public static final int DEFAULT_THREADS = 16;
    /** Default number of requests waiting for a thread. */
    public static final int DEFAULT_QUEUE = 256;
    /** Beyond the body limit, how much of a refused body is read and discarded so the client sees the answer. */
    public static final int MAX_DRAIN_BYTES = 8 * 1024 * 1024;
    /** Most query parameters read from one URL. */
    public static final int MAX_QUERY_PARAMS = 256;

    private static final System.Logger LOG = System.getLogger(XrpcServer.class.getName());
    private static final String XRPC_PREFIX = "/xrpc/";
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final Map<String, Route> routes;
    private final LexiconValidator validator;
    private final Authenticator authenticator;
    private final int maxBodyBytes;
    private final boolean validateOutput;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    /** The JDK HttpServer's switch for TCP_NODELAY on accepted connections (read once per JVM). */
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private XrpcServer(Builder b) {
        Map<String, Route> table = new LinkedHashMap<>();
        for (Route r : b.routes) {
            if (table.put(r.nsid(), r) != null) {
                throw new IllegalArgumentException("route registered twice: " + r.nsid());
            }
        }
        this.routes = Map.copyOf(table);
        this.validator = new LexiconValidator(LexiconRegistry.load(table.keySet(), Json.mapper()));
        this.authenticator = new Authenticator(b.pds, b.adminPassword);
        this.maxBodyBytes = b.maxBodyBytes;
        this.validateOutput = b.validateOutput;
        this.executor = new ThreadPoolExecutor(b.threads, b.threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.queue), new NamedThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            this.server = HttpServer.create(b.address, 128);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + b.address, e);
        }
        server.setExecutor(executor);
        server.createContext(XRPC_PREFIX, this::handleXrpc);
        server.createContext("/", this::handleOther);
        for (Map.Entry<String, HttpHandler> extra : b.extraHandlers.entrySet()) {
            server.createContext(extra.getKey(), guarded(extra.getValue()));
        }
    }

    /** Starts building a server for {@code pds}, serving {@link AccountRoutes#all(PdsAccounts)} by default. */
    public static Builder builder(PdsAccounts pds) {
        return new Builder(pds);
    }

    /** Starts accepting requests. */
    public void start() {
        server.start();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:2583}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort();
    }

    /** The NSIDs served. */
    public java.util.Set<String> methods() {
        return routes.keySet();
    }

    /** The validator in use (for tests that check shapes against the lexicons). */
    public LexiconValidator validator() {
        return validator;
    }

    /** Stops accepting, lets running requests finish for up to a second, and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ dispatch

    private void handleXrpc(HttpExchange ex) {
        String nsid = "";
        try {
            String path = ex.getRequestURI().getRawPath();
            nsid = path.substring(XRPC_PREFIX.length());
            if (nsid.endsWith("/")) {
                nsid = nsid.substring(0, nsid.length() - 1);
            }
            if ("_health".equals(nsid)) {
                ObjectNode health = Json.object().put("version", XrpcServer.class.getPackage().getImplementationVersion() == null
                        ? "dev" : XrpcServer.class.getPackage().getImplementationVersion());
                send(ex, 200, health);
                return;
            }
            Route route = routes.get(nsid);
            if (route == null) {
                throw XrpcException.methodNotImplemented();
            }
            JsonNode def = validator.registry().method(nsid).orElseThrow();
            boolean procedure = "procedure".equals(def.path("type").asText());
            String verb = ex.getRequestMethod();
            if (procedure && !"POST".equals(verb)) {
                throw XrpcException.invalidRequest("Incorrect HTTP method (" + verb + ") expected POST");
            } else if (!procedure && !"GET".equals(verb)) {
                throw XrpcException.invalidRequest("Incorrect HTTP method (" + verb + ") expected GET");
            }
            Credentials credentials = authenticator.authenticate(route.auth(),
                    ex.getRequestHeaders().getFirst("Authorization"));
            JsonNode params = validator.validateParams(nsid, parseQuery(ex.getRequestURI().getRawQuery()));
            JsonNode args = params;
            if (procedure) {
                args = readInput(ex, nsid, def);
            } else if (hasBody(ex)) {
                throw XrpcException.invalidRequest("A request body was provided when none was expected");
            }
            JsonNode output = route.handler().handle(new XrpcRequest(nsid, args, credentials));
            if (validateOutput) {
                try {
                    output = validator.validateOutput(nsid, output);
                } catch (LexiconValidationException e) {
                    LOG.log(Level.ERROR, "invalid output of " + nsid + " (a bug): " + e.getMessage());
                    throw XrpcException.internal();
                }
            }
            send(ex, 200, output);
        } catch (Throwable t) {
            sendError(ex, nsid, t);
        } finally {
            finish(ex);
        }
    }

    /**
     * Reads what is left of the request body (bounded) before closing, so that a client still sending a body we
     * refused (413, 401, ...) receives our answer instead of a connection reset.
     */
    private void finish(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[8192];
            long left = (long) maxBodyBytes + MAX_DRAIN_BYTES;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "could not drain a request body: " + e);
        } finally {
            ex.close();
        }
    }

    private JsonNode readInput(HttpExchange ex, String nsid, JsonNode def) throws IOException {
        byte[] body = readBody(ex);
        JsonNode input = def.get("input");
        if (input == null) {
            if (body.length > 0) {
                throw XrpcException.invalidRequest("A request body was provided when none was expected");
            }
            return null;
        }
        if (body.length == 0) {
            throw XrpcException.invalidRequest("A request body is expected but none was provided");
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mime.isEmpty()) {
            throw XrpcException.invalidRequest("Request encoding (Content-Type) required but not provided");
        }
        String expected = input.path("encoding").asText("application/json");
        if (!mime.equals(expected)) {
            throw XrpcException.invalidRequest("Wrong request encoding (Content-Type): " + printable(mime));
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            throw XrpcException.invalidRequest("Request body is too deeply nested or too large");
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body, which may hold a password: never echo it.
            throw XrpcException.invalidRequest("Request body is not valid JSON");
        }
        return validator.validateInput(nsid, parsed);
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw XrpcException.invalidRequest("invalid content-length");
            }
            if (declared > maxBodyBytes) {
                throw XrpcException.payloadTooLarge();
            }
        }
        InputStream in = ex.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBodyBytes) {
                throw XrpcException.payloadTooLarge();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static boolean hasBody(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        return ex.getRequestHeaders().containsKey("Transfer-Encoding")
                || (length != null && !"0".equals(length.trim()));
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        String[] pairs = raw.split("&");
        if (pairs.length > MAX_QUERY_PARAMS) {
            throw XrpcException.invalidRequest("Too many query parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw XrpcException.invalidRequest("Invalid query string");
            }
        }
        return out;
    }

    private void handleOther(HttpExchange ex) {
        try {
            send(ex, 404, error("NotFound", "Not Found"));
        } catch (Throwable t) {
            LOG.log(Level.DEBUG, "could not answer a request: " + t);
        } finally {
            finish(ex);
        }
    }

    private HttpHandler guarded(HttpHandler handler) {
        return ex -> {
            try {
                handler.handle(ex);
            } catch (Throwable t) {
                sendError(ex, ex.getRequestURI().getRawPath(), t);
            } finally {
                finish(ex);
            }
        };
    }

    // ------------------------------------------------------------------ answers

    private void sendError(HttpExchange ex, String what, Throwable t) {
        XrpcException answer;
        if (t instanceof XrpcException) {
            answer = (XrpcException) t;
        } else if (t instanceof LexiconValidationException) {
            answer = XrpcException.invalidRequest(t.getMessage());
        } else if (t instanceof LexiconException) {
            answer = XrpcException.of((LexiconException) t);
        } else if (t instanceof InfrastructureException) {
            LOG.log(Level.ERROR, "infrastructure failure in " + what + ": " + t.getMessage(), t);
            answer = XrpcException.internal();
        } else if (t instanceof IOException) {
            LOG.log(Level.DEBUG, "connection problem in " + what + ": " + t);
            return;
        } else {
            LOG.log(Level.ERROR, "unhandled exception in " + what + " (a bug)", t);
            answer = XrpcException.internal();
        }
        try {
            send(ex, answer.status(), error(answer.error(), answer.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "could not send the error answer: " + e);
        }
    }

    private static ObjectNode error(String name, String message) {
        return Json.object().put("error", name).put("message", message);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** Sends a JSON answer from an extra handler (e.g. the demo's outbox). */
    public static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, body);
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "xrpc-" + count.incrementAndGet());
            t.setDaemon(false);
            return t;
        }
    }

    /** Builder of {@link XrpcServer}; everything but the library has a default. */
    public static final class Builder {
        private final PdsAccounts pds;
        private Optional<String> adminPassword = Optional.empty();
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 2583);
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int threads = DEFAULT_THREADS;
        private int queue = DEFAULT_QUEUE;
        private boolean validateOutput = true;
        private List<Route> routes;
        private final Map<String, HttpHandler> extraHandlers = new LinkedHashMap<>();

        private Builder(PdsAccounts pds) {
            this.pds = Objects.requireNonNull(pds, "pds");
        }

        /** The admin password of Basic {@code admin:<password>} (default none: admin routes answer 401). */
        public Builder adminPassword(String password) {
            this.adminPassword = Optional.ofNullable(password).filter(p -> !p.isEmpty());
            return this;
        }

        /** Where to listen (default {@code 127.0.0.1:2583}); port 0 picks a free port. */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Listens on {@code 127.0.0.1:port}. */
        public Builder port(int port) {
            return address(new InetSocketAddress("127.0.0.1", port));
        }

        /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Request threads (default {@value #DEFAULT_THREADS}) and waiting requests (default {@value #DEFAULT_QUEUE}). */
        public Builder threads(int threads, int queue) {
            if (threads < 1 || queue < 1) {
                throw new IllegalArgumentException("threads and queue must be positive");
            }
            this.threads = threads;
            this.queue = queue;
            return this;
        }

        /** Whether outputs are checked against their lexicons (default true; a mismatch is a bug and answers 500). */
        public Builder validateOutput(boolean v) {
            this.validateOutput = v;
            return this;
        }

        /** Replaces the routing table (default {@link AccountRoutes#all(PdsAccounts)}). */
        public Builder routes(List<Route> routes) {
            this.routes = List.copyOf(routes);
            return this;
        }

        /** Serves a non-XRPC path prefix too (e.g. the demo's {@code /dev/outbox}). */
        public Builder handler(String pathPrefix, HttpHandler handler) {
            if (!pathPrefix.startsWith("/") || pathPrefix.startsWith(XRPC_PREFIX) || "/".equals(pathPrefix)) {
                throw new IllegalArgumentException("extra handlers need their own path prefix: " + pathPrefix);
            }
            extraHandlers.put(pathPrefix, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Binds the port and builds the server (not started). */
        public XrpcServer build() {
            if (routes == null) {
                routes = AccountRoutes.all(pds);
            }
            return new XrpcServer(this);
        }
    }
}
