package dev.pdsaccounts.identity.http;

import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a handle over HTTPS: {@code GET https://<handle>/.well-known/atproto-did} must answer 200 with a
 * body whose first line (trimmed) is a valid DID. Bounded as {@link HttpDidResolver} (timeout for the whole
 * exchange, default 3 s; body cap, default 64 KiB; no redirects); any failure reads as "does not resolve".
 *
 * <pre>{@code
 * HandleResolver https = HttpsHandleResolver.builder().timeout(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class HttpsHandleResolver implements HandleResolver {
    /** The well-known path. */
    public static final String WELL_KNOWN_PATH = "/.well-known/atproto-did";

    private final Function<String, String> baseUrl;
    private final int maxBodyBytes;
    private final BoundedHttp http;

    private HttpsHandleResolver(Builder b) {
        this.baseUrl = b.baseUrl;
        this.maxBodyBytes = b.maxBodyBytes;
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
    public Optional<String> resolve(String handle) {
        if (handle == null || !Handle.isValid(handle)) {
            return Optional.empty();
        }
        URI uri;
        try {
            String base = baseUrl.apply(handle.toLowerCase(Locale.ROOT));
            uri = URI.create(base + WELL_KNOWN_PATH);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        BoundedHttp.Response response;
        try {
            response = http.get(uri, "text/plain", maxBodyBytes);
        } catch (BoundedHttp.Failure e) {
            return Optional.empty();
        }
        if (response.status != 200) {
            return Optional.empty();
        }
        return didFromBody(response.body);
    }

    /**
     * The DID of a {@code /.well-known/atproto-did} body: its first line, trimmed, if a valid DID.
     *
     * @param body the body bytes (strict UTF-8)
     * @return the DID, or empty
     */
    static Optional<String> didFromBody(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        int end = text.indexOf('\n');
        String first = (end < 0 ? text : text.substring(0, end)).trim();
        return Did.isValid(first) ? Optional.of(first) : Optional.empty();
    }

    /** {@link HttpsHandleResolver}'s settings; every one has a default. */
    public static final class Builder {
        private Function<String, String> baseUrl = h -> "https://" + h;
        private Duration timeout = BoundedHttp.DEFAULT_TIMEOUT;
        private int maxBodyBytes = BoundedHttp.DEFAULT_MAX_BODY_BYTES;

        private Builder() {}

        /**
         * Where a handle's well-known file lives: a function from the handle to the base URL the path is
         * appended to (default {@code https://<handle>}). Tests point it at a local server.
         *
         * @param f the function
         * @return this builder
         */
        public Builder baseUrl(Function<String, String> f) {
            this.baseUrl = Objects.requireNonNull(f, "baseUrl");
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
         * The largest body accepted, in bytes (default 64 KiB).
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
         * Builds the resolver.
         *
         * @return the resolver
         */
        public HttpsHandleResolver build() {
            return new HttpsHandleResolver(this);
        }
    }
}
