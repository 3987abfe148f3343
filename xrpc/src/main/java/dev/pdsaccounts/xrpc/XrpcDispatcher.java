package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.ratelimit.RateLimitDecision;
import dev.pdsaccounts.ratelimit.RateLimitKey;
import dev.pdsaccounts.ratelimit.RateLimitedAction;
import dev.pdsaccounts.ratelimit.RateLimiter;
import dev.pdsaccounts.xrpc.lexicon.LexiconRegistry;
import dev.pdsaccounts.xrpc.lexicon.LexiconValidationException;
import dev.pdsaccounts.xrpc.lexicon.LexiconValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The XRPC layer without a server: one request in ({@link XrpcHttpRequest}: method, NSID, query, headers, body,
 * client address), one answer out ({@link XrpcHttpResponse}: status, headers, body bytes). It holds routing,
 * lexicon validation, credentials, the body limit, rate limits and error mapping; a transport (the servlet
 * adapter, the demo's Jetty server, or a host's own) only copies the request in and the answer out. It is
 * thread-safe and never throws: every failure is an answer.
 *
 * <p>Per request, in the reference server's order: the global rate limit per client IP
 * ({@link RateLimitedAction#GLOBAL}); unknown method → 501 {@code MethodNotImplemented}; wrong HTTP verb → 400
 * {@code Incorrect HTTP method (POST) expected GET}; credentials ({@link Authenticator}; for admin routes the
 * failed-admin-login limit per IP); parameters; body (size limit → 413 {@code PayloadTooLarge},
 * {@code application/json} only, strict UTF-8, strict bounded JSON); lexicon validation of parameters and input
 * (400 {@code InvalidRequest} with the reference's wording); the route's own rate limits
 * ({@link Route#rateLimits()}); the handler; lexicon validation of the output. Every {@link LexiconException}
 * becomes its status and {@code {"error","message"}}; an {@link InfrastructureException} becomes 500
 * {@code InternalServerError} and is logged; anything else is a bug: 500, logged with its stack trace.
 * Credentials, bodies and header values are never logged.
 *
 * <p>Rate limits use {@link PdsAccounts#rateLimiter()} unless {@link Builder#rateLimiter} says otherwise (so
 * {@link RateLimiter#NONE} turns them off). Over a limit the answer is 429 {@code RateLimitExceeded}
 * "Rate Limit Exceeded"; every answer that passed a limiter carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} (epoch seconds) and {@code RateLimit-Policy}
 * ({@code <limit>;w=<window seconds>}), as the reference's XRPC server. A request whose
 * {@code x-ratelimit-bypass} header equals the configured bypass key, or that comes from a bypass IP, is not
 * limited. The client IP is the socket's peer, or, when that peer is a trusted proxy, the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 *
 * <pre>{@code
 * XrpcDispatcher xrpc = XrpcDispatcher.builder(pds).adminPassword(password).build();
 * XrpcHttpResponse answer = xrpc.handle(XrpcHttpRequest.builder("GET", "com.atproto.server.describeServer",
 *         "127.0.0.1").build());
 * }</pre>
 */
public final class XrpcDispatcher {
    /** Default largest request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Most query parameters read from one URL. */
    public static final int MAX_QUERY_PARAMS = 256;
    /** The header carrying the rate-limit bypass key (the reference's name). */
    public static final String BYPASS_HEADER = "x-ratelimit-bypass";

    private static final System.Logger LOG = System.getLogger(XrpcDispatcher.class.getName());
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final Map<String, Route> routes;
    private final LexiconValidator validator;
    private final Authenticator authenticator;
    private final int maxBodyBytes;
    private final boolean validateOutput;
    private final RateLimiter limiter;
    private final Optional<byte[]> bypassKeyDigest;
    private final Set<String> bypassIps;
    private final Set<String> trustedProxies;

    private XrpcDispatcher(Builder b, List<Route> routeList) {
        Map<String, Route> table = new LinkedHashMap<>();
        for (Route r : routeList) {
            if (table.put(r.nsid(), r) != null) {
                throw new IllegalArgumentException("route registered twice: " + r.nsid());
            }
        }
        this.routes = java.util.Collections.unmodifiableMap(table);
        this.validator = new LexiconValidator(LexiconRegistry.load(table.keySet(), Json.mapper()));
        this.authenticator = new Authenticator(b.pds, b.adminPassword);
        this.maxBodyBytes = b.maxBodyBytes;
        this.validateOutput = b.validateOutput;
        this.limiter = b.rateLimiter != null ? b.rateLimiter : b.pds.rateLimiter();
        this.bypassKeyDigest = b.bypassKey.map(XrpcDispatcher::sha256);
        this.bypassIps = Set.copyOf(b.bypassIps);
        this.trustedProxies = Set.copyOf(b.trustedProxies);
    }

    /**
     * Starts building a dispatcher for {@code pds}, serving {@link AccountRoutes#all(PdsAccounts)} by default.
     *
     * @param pds the account domain
     * @return a new builder
     */
    public static Builder builder(PdsAccounts pds) {
        return new Builder(pds);
    }

    /** {@return the NSIDs served, in routing-table order} */
    public Set<String> methods() {
        return routes.keySet();
    }

    /** {@return the validator in use} For tests that check shapes against the lexicons. */
    public LexiconValidator validator() {
        return validator;
    }

    /** {@return the largest request body read, in bytes} */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** {@return whether calls are rate-limited (false when the limiter is {@link RateLimiter#NONE})} */
    public boolean rateLimited() {
        return limiter != RateLimiter.NONE;
    }

    /**
     * Handles one XRPC call. Never throws.
     *
     * @param request the request (its {@code nsid} is the path after {@code /xrpc/})
     * @return the answer to write
     */
    public XrpcHttpResponse handle(XrpcHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        String nsid = request.nsid();
        try {
            if (nsid.endsWith("/")) {
                nsid = nsid.substring(0, nsid.length() - 1);
            }
            if ("_health".equals(nsid)) {
                String version = XrpcDispatcher.class.getPackage().getImplementationVersion();
                return json(200, Json.object().put("version", version == null ? "dev" : version), headers);
            }
            String ip = clientIp(request);
            RateLimiter limits = bypassed(request, ip) ? RateLimiter.NONE : limiter;
            limit(limits, RateLimitedAction.GLOBAL, ip, headers);
            Route route = routes.get(nsid);
            if (route == null) {
                throw XrpcException.methodNotImplemented();
            }
            JsonNode def = validator.registry().method(nsid).orElseThrow();
            boolean procedure = "procedure".equals(def.path("type").asText());
            String verb = request.method();
            if (procedure && !"POST".equals(verb)) {
                throw XrpcException.invalidRequest("Incorrect HTTP method (" + printable(verb) + ") expected POST");
            } else if (!procedure && !"GET".equals(verb)) {
                throw XrpcException.invalidRequest("Incorrect HTTP method (" + printable(verb) + ") expected GET");
            }
            Credentials credentials = authenticate(route, request, limits, ip, headers);
            JsonNode params = validator.validateParams(nsid, parseQuery(request.rawQuery()));
            JsonNode args = params;
            if (procedure) {
                args = readInput(request, nsid, def);
            } else if (hasBody(request)) {
                throw XrpcException.invalidRequest("A request body was provided when none was expected");
            }
            for (RateLimitedAction action : route.rateLimits()) {
                limit(limits, action, key(action, ip, args, credentials), headers);
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
            return json(200, output, headers);
        } catch (Throwable t) {
            return error(nsid, t, headers);
        }
    }

    /** {@return the answer for a path outside {@code /xrpc/}: 404 {@code NotFound}} */
    public static XrpcHttpResponse notFound() {
        return errorAnswer(404, "NotFound", "Not Found", new LinkedHashMap<>());
    }

    // ------------------------------------------------------------------ credentials and limits

    private Credentials authenticate(Route route, XrpcHttpRequest request, RateLimiter limits, String ip,
                                     Map<String, String> headers) {
        Optional<String> authorization = request.header("Authorization");
        boolean admin = route.auth().isAdmin();
        if (admin) {
            RateLimitDecision before = limits.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, ip, 0);
            if (!before.allowed()) {
                putHeaders(before, headers);
                throw XrpcException.of(RateLimiter.exceeded());
            }
        }
        try {
            return authenticator.authenticate(route.auth(), authorization.orElse(null), route.nsid());
        } catch (LexiconException e) {
            if (admin && authorization.isPresent()) {
                RateLimitDecision after = limits.consume(RateLimitedAction.ADMIN_AUTH_FAILURE, ip, 1);
                if (!after.allowed()) {
                    putHeaders(after, headers);
                    throw XrpcException.of(RateLimiter.exceeded());
                }
            }
            throw e;
        }
    }

    private void limit(RateLimiter limits, RateLimitedAction action, String key, Map<String, String> headers) {
        RateLimitDecision d = limits.consume(action, key, 1);
        putHeaders(d, headers);
        if (!d.allowed()) {
            throw XrpcException.of(RateLimiter.exceeded());
        }
    }

    private void putHeaders(RateLimitDecision d, Map<String, String> headers) {
        d.limit().ifPresent(l -> {
            headers.put("RateLimit-Limit", String.valueOf(l.points()));
            headers.put("RateLimit-Remaining", String.valueOf(d.remaining()));
            headers.put("RateLimit-Reset", String.valueOf(Math.floorDiv(d.resetAt().toEpochMilli(), 1000)));
            headers.put("RateLimit-Policy", l.points() + ";w=" + l.window().toSeconds());
        });
    }

    private static String key(RateLimitedAction action, String ip, JsonNode args, Credentials credentials) {
        RateLimitKey kind = action.key();
        switch (kind) {
            case IP:
                return ip;
            case IDENTIFIER_AND_IP:
                return args.path("identifier").asText("") + "-" + ip;
            case DID:
                if (credentials instanceof Credentials.Access) {
                    return ((Credentials.Access) credentials).did();
                }
                throw new IllegalStateException(action + " is keyed by DID but the route has no access credentials");
            default:
                throw new IllegalStateException("unknown key kind " + kind);
        }
    }

    private boolean bypassed(XrpcHttpRequest request, String ip) {
        if (bypassIps.contains(ip)) {
            return true;
        }
        Optional<String> sent = request.header(BYPASS_HEADER);
        return sent.isPresent() && bypassKeyDigest.isPresent()
                && MessageDigest.isEqual(bypassKeyDigest.get(), sha256(sent.get()));
    }

    /** The client IP: the socket's peer, or the right-most untrusted {@code X-Forwarded-For} hop behind a trusted proxy. */
    String clientIp(XrpcHttpRequest request) {
        String peer = request.clientAddress();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : request.headerValues("X-Forwarded-For")) {
            for (String hop : value.split(",", -1)) {
                String h = hop.trim();
                if (!h.isEmpty()) {
                    hops.add(h);
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i))) {
                return printable(hops.get(i));
            }
        }
        return hops.isEmpty() ? peer : printable(hops.get(0));
    }

    // ------------------------------------------------------------------ input

    private JsonNode readInput(XrpcHttpRequest request, String nsid, JsonNode def) {
        byte[] body = readBody(request);
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
        String contentType = request.header("Content-Type").orElse(null);
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
            parsed = Json.mapper().readTree(strictUtf8(body));
        } catch (StreamConstraintsException e) {
            throw XrpcException.invalidRequest("Request body is too deeply nested or too large");
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body, which may hold a password: never echo it.
            throw XrpcException.invalidRequest("Request body is not valid JSON");
        }
        return validator.validateInput(nsid, parsed);
    }

    /**
     * Decodes UTF-8 strictly: overlong forms, encoded surrogates, code points above U+10FFFF and truncated
     * sequences are refused (Jackson's own decoder accepts some of them).
     */
    static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw XrpcException.invalidRequest("Request body is not valid UTF-8");
        }
    }

    private byte[] readBody(XrpcHttpRequest request) {
        Optional<String> length = request.header("Content-Length");
        if (length.isPresent()) {
            long declared;
            try {
                declared = Long.parseLong(length.get().trim());
            } catch (NumberFormatException e) {
                throw XrpcException.invalidRequest("invalid content-length");
            }
            if (declared > maxBodyBytes) {
                throw XrpcException.payloadTooLarge();
            }
        }
        try (InputStream in = request.body().open()) {
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
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.DEBUG, "could not read a request body: " + e);
            throw XrpcException.invalidRequest("Request body could not be read");
        }
    }

    private static boolean hasBody(XrpcHttpRequest request) {
        Optional<String> length = request.header("Content-Length");
        return request.header("Transfer-Encoding").isPresent()
                || (length.isPresent() && !"0".equals(length.get().trim()));
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

    // ------------------------------------------------------------------ answers

    private XrpcHttpResponse error(String what, Throwable t, Map<String, String> headers) {
        XrpcException answer;
        if (t instanceof XrpcException) {
            answer = (XrpcException) t;
        } else if (t instanceof LexiconValidationException) {
            answer = XrpcException.invalidRequest(t.getMessage());
        } else if (t instanceof LexiconException) {
            answer = XrpcException.of((LexiconException) t);
        } else if (t instanceof InfrastructureException) {
            LOG.log(Level.ERROR, "infrastructure failure in " + printable(what) + ": " + t.getMessage(), t);
            answer = XrpcException.internal();
        } else {
            LOG.log(Level.ERROR, "unhandled exception in " + printable(what) + " (a bug)", t);
            answer = XrpcException.internal();
        }
        return errorAnswer(answer.status(), answer.error(), answer.getMessage(), headers);
    }

    /** An XRPC error answer {@code {"error","message"}}. */
    static XrpcHttpResponse errorAnswer(int status, String error, String message, Map<String, String> headers) {
        return json(status, Json.object().put("error", error).put("message", message), headers);
    }

    /** A JSON answer (no body when {@code body} is null). */
    static XrpcHttpResponse json(int status, JsonNode body, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        if (body == null) {
            h.putAll(headers);
            return new XrpcHttpResponse(status, h, new byte[0]);
        }
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        h.put("Content-Type", JSON_TYPE);
        h.putAll(headers);
        return new XrpcHttpResponse(status, h, bytes);
    }

    static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Builder of {@link XrpcDispatcher}; everything but the library has a default. */
    public static final class Builder {
        private final PdsAccounts pds;
        private Optional<String> adminPassword = Optional.empty();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean validateOutput = true;
        private List<Route> routes;
        private RateLimiter rateLimiter;
        private Optional<String> bypassKey = Optional.empty();
        private Set<String> bypassIps = Set.of();
        private Set<String> trustedProxies = Set.of();

        private Builder(PdsAccounts pds) {
            this.pds = Objects.requireNonNull(pds, "pds");
        }

        /**
         * The admin password of Basic {@code admin:<password>} (default none: admin routes answer 401).
         *
         * @param password the password; a secret, never logged
         * @return this builder
         */
        public Builder adminPassword(String password) {
            this.adminPassword = Optional.ofNullable(password).filter(p -> !p.isEmpty());
            return this;
        }

        /**
         * Largest request body in bytes (default 1 MiB); larger ones get 413.
         *
         * @param bytes the limit, positive
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Whether outputs are checked against their lexicons (default true; a mismatch is a bug and answers 500).
         *
         * @param v false to skip the check
         * @return this builder
         */
        public Builder validateOutput(boolean v) {
            this.validateOutput = v;
            return this;
        }

        /**
         * Replaces the routing table (default {@link AccountRoutes#all(PdsAccounts)}).
         *
         * @param routes the routes
         * @return this builder
         */
        public Builder routes(List<Route> routes) {
            this.routes = List.copyOf(routes);
            return this;
        }

        /**
         * The rate limiter (default {@link PdsAccounts#rateLimiter()}); {@link RateLimiter#NONE} turns limits off.
         *
         * @param limiter the limiter
         * @return this builder
         */
        public Builder rateLimiter(RateLimiter limiter) {
            this.rateLimiter = Objects.requireNonNull(limiter, "limiter");
            return this;
        }

        /**
         * The key that, sent in {@code x-ratelimit-bypass}, skips every rate limit (default none).
         *
         * @param key the key; a secret
         * @return this builder
         */
        public Builder rateLimitBypassKey(String key) {
            this.bypassKey = Optional.ofNullable(key).filter(k -> !k.isEmpty());
            return this;
        }

        /**
         * Client IPs never rate-limited (default none).
         *
         * @param ips exact IP addresses
         * @return this builder
         */
        public Builder rateLimitBypassIps(Set<String> ips) {
            this.bypassIps = Set.copyOf(ips);
            return this;
        }

        /**
         * The proxies whose {@code X-Forwarded-For} is believed (default none: the client IP is the socket's peer).
         * Exact IP addresses as the transport reports the peer (e.g. {@code 127.0.0.1}).
         *
         * @param proxies the proxies' IP addresses
         * @return this builder
         */
        public Builder trustedProxies(Set<String> proxies) {
            this.trustedProxies = Set.copyOf(proxies);
            return this;
        }

        /** {@return the dispatcher} */
        public XrpcDispatcher build() {
            return new XrpcDispatcher(this, routes != null ? routes : AccountRoutes.all(pds));
        }
    }
}
