package dev.pdsaccounts.identity.http;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.identity.DidResolver;
import dev.pdsaccounts.identity.Json;
import dev.pdsaccounts.syntax.Did;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@link DidResolver} over HTTP (JDK {@link java.net.http.HttpClient}): did:plc from
 * {@code <plcUrl>/<did>}, did:web from {@code https://<host>/.well-known/did.json} (host-level did:web only,
 * as atproto; a port is written {@code %3A}). Other methods do not resolve.
 *
 * <p>Bounded everywhere: connect and exchange timeout (default 3 s, for headers and body together), body cap
 * enforced while reading (default 64 KiB), strict JSON with bounded depth, no redirects. A document whose
 * {@code id} is not the DID is refused. 404 and 410 mean "does not resolve" (empty); a timeout, another
 * status, an oversized or malformed body is {@code UnresolvableDid}. Documents are cached for a short TTL
 * (default 60 s, at most 1000 entries); {@link #resolveFresh(String)} bypasses the cache.
 *
 * <pre>{@code
 * DidResolver resolver = HttpDidResolver.builder().timeout(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class HttpDidResolver implements DidResolver {
    /** The public PLC directory. */
    public static final String DEFAULT_PLC_URL = "https://plc.directory";
    /** Default connect and exchange timeout. */
    public static final Duration DEFAULT_TIMEOUT = BoundedHttp.DEFAULT_TIMEOUT;
    /** Default largest document, in bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = BoundedHttp.DEFAULT_MAX_BODY_BYTES;
    /** Default lifetime of a cached document. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    /** Default most cached documents. */
    public static final int DEFAULT_CACHE_MAX_ENTRIES = 1000;

    /** A did:plc this package lets into a directory URL path (also {@link HttpPlcDirectory}'s check). */
    static final Pattern PLC_DID = Pattern.compile("did:plc:[a-z2-7]{24}");
    private static final Pattern WEB_HOST = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?");

    private final String plcUrl;
    private final int maxBodyBytes;
    private final Duration cacheTtl;
    private final int cacheMaxEntries;
    private final boolean allowHttpForLocalhost;
    private final Clock clock;
    private final BoundedHttp http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Map<String, Object> doc, Instant expiresAt) {}

    private HttpDidResolver(Builder b) {
        this.plcUrl = b.plcUrl;
        this.maxBodyBytes = b.maxBodyBytes;
        this.cacheTtl = b.cacheTtl;
        this.cacheMaxEntries = b.cacheMaxEntries;
        this.allowHttpForLocalhost = b.allowHttpForLocalhost;
        this.clock = b.clock;
        this.http = new BoundedHttp(b.timeout);
    }

    /**
     * A builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> resolve(String did) {
        Did.parse(did);
        Cached hit = cache.get(did);
        if (hit != null && clock.instant().isBefore(hit.expiresAt)) {
            return Optional.of(hit.doc);
        }
        return resolveFresh(did);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> resolveFresh(String did) {
        Did parsed = Did.parse(did);
        Optional<URI> uri = documentUri(parsed);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        BoundedHttp.Response response;
        try {
            response = http.get(uri.get(), "application/did+ld+json, application/json", maxBodyBytes);
        } catch (BoundedHttp.Failure e) {
            throw DidResolver.unresolvable(did);
        }
        if (response.status == 404 || response.status == 410) {
            cache.remove(did);
            return Optional.empty();
        }
        if (response.status != 200) {
            throw DidResolver.unresolvable(did);
        }
        Map<String, Object> doc;
        try {
            doc = Json.parseObject(response.body);
        } catch (CodecException e) {
            throw DidResolver.unresolvable(did);
        }
        if (!did.equals(doc.get("id"))) {
            throw DidResolver.unresolvable(did);
        }
        remember(did, doc);
        return Optional.of(doc);
    }

    private void remember(String did, Map<String, Object> doc) {
        if (cacheTtl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (cache.size() >= cacheMaxEntries) {
            cache.values().removeIf(c -> !now.isBefore(c.expiresAt));
            if (cache.size() >= cacheMaxEntries) {
                cache.clear();
            }
        }
        cache.put(did, new Cached(doc, now.plus(cacheTtl)));
    }

    /** Where the document of a DID lives, or empty for a method or form this resolver does not support. */
    Optional<URI> documentUri(Did did) {
        String value = did.value();
        if ("plc".equals(did.method())) {
            return PLC_DID.matcher(value).matches() ? Optional.of(URI.create(plcUrl + "/" + value))
                    : Optional.empty();
        }
        if (!"web".equals(did.method())) {
            return Optional.empty();
        }
        String host = value.substring("did:web:".length()).replace("%3A", ":").replace("%3a", ":");
        if (!WEB_HOST.matcher(host).matches()) {
            return Optional.empty(); // path-based did:web (more ':') or a malformed host
        }
        String bare = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        String lower = bare.toLowerCase(Locale.ROOT);
        boolean local = "localhost".equals(lower) || "127.0.0.1".equals(lower);
        String scheme = allowHttpForLocalhost && local ? "http" : "https";
        try {
            return Optional.of(URI.create(scheme + "://" + host + "/.well-known/did.json"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@link HttpDidResolver}'s settings; every one has a default. */
    public static final class Builder {
        private String plcUrl = DEFAULT_PLC_URL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private int cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;
        private boolean allowHttpForLocalhost;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The PLC directory base URL (default {@value #DEFAULT_PLC_URL}); a trailing {@code /} is dropped.
         *
         * @param url an absolute http(s) URL
         * @return this builder
         * @throws IllegalArgumentException if it is not an absolute http(s) URL
         */
        public Builder plcUrl(String url) {
            this.plcUrl = baseUrl(url);
            return this;
        }

        /**
         * The connect timeout and the deadline of each exchange (default 3 s).
         *
         * @param t a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration t) {
            this.timeout = BoundedHttp.requirePositiveTimeout(t);
            return this;
        }

        /**
         * The largest document accepted, in bytes (default 64 KiB).
         *
         * @param bytes positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = BoundedHttp.requirePositiveBytes(bytes, "maxBodyBytes");
            return this;
        }

        /**
         * How long a resolved document is reused (default 60 s; zero disables the cache).
         *
         * @param ttl zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must not be negative");
            }
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * The most documents cached (default 1000).
         *
         * @param entries positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder cacheMaxEntries(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("cacheMaxEntries must be positive");
            }
            this.cacheMaxEntries = entries;
            return this;
        }

        /**
         * Whether did:web hosts {@code localhost} and {@code 127.0.0.1} are fetched over plain http (default
         * false: https everywhere). For tests and local development.
         *
         * @param allow whether to allow it
         * @return this builder
         */
        public Builder allowHttpForLocalhost(boolean allow) {
            this.allowHttpForLocalhost = allow;
            return this;
        }

        /**
         * The clock of the cache (default the system UTC clock).
         *
         * @param c the clock
         * @return this builder
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Builds the resolver.
         *
         * @return the resolver
         */
        public HttpDidResolver build() {
            return new HttpDidResolver(this);
        }
    }

    /** Validates an absolute http(s) base URL and drops a trailing slash. */
    static String baseUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("an absolute http(s) URL is required: " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
