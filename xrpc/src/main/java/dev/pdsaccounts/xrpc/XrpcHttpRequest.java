package dev.pdsaccounts.xrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as a transport hands it to {@link XrpcDispatcher#handle}: no server type, only what the
 * XRPC layer reads. {@code toString()} shows no header value and no body (they may hold credentials).
 *
 * @param method        the HTTP method, e.g. {@code GET}
 * @param nsid          the path after {@code /xrpc/}, still percent-encoded (e.g.
 *                      {@code com.atproto.server.describeServer})
 * @param rawQuery      the query string without {@code ?}, still percent-encoded; empty when none
 * @param headers       the request headers (names case-insensitive; a name may repeat)
 * @param body          the body, read on demand (never read for queries; read at most up to the body limit)
 * @param clientAddress the IP address of the TCP peer (the socket's remote address)
 */
public record XrpcHttpRequest(String method, String nsid, String rawQuery, Map<String, List<String>> headers,
                              Body body, String clientAddress) {

    /** The request body, opened at most once, when the dispatcher needs it. */
    @FunctionalInterface
    public interface Body {
        /** No body. */
        Body EMPTY = () -> InputStream.nullInputStream();

        /**
         * {@return the body's bytes as they arrive}
         *
         * @throws IOException when the body cannot be read
         */
        InputStream open() throws IOException;

        /**
         * A body held in memory.
         *
         * @param bytes the body
         * @return the body
         */
        static Body of(byte[] bytes) {
            byte[] copy = bytes.clone();
            return () -> new ByteArrayInputStream(copy);
        }
    }

    /**
     * Copies the headers into a case-insensitive map.
     *
     * @param method        the HTTP method, e.g. {@code GET}
     * @param nsid          the path after {@code /xrpc/}, still percent-encoded (e.g.
     *                      {@code com.atproto.server.describeServer})
     * @param rawQuery      the query string without {@code ?}, still percent-encoded; empty when none
     * @param headers       the request headers (names case-insensitive; a name may repeat)
     * @param body          the body, read on demand (never read for queries; read at most up to the body limit)
     * @param clientAddress the IP address of the TCP peer (the socket's remote address)
     * @throws NullPointerException if a component is null
     */
    public XrpcHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(nsid, "nsid");
        rawQuery = rawQuery == null ? "" : rawQuery;
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(clientAddress, "clientAddress");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Objects.requireNonNull(headers, "headers").forEach((name, values) -> copy
                .computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * A request builder for the method, path after {@code /xrpc/} and client address.
     *
     * @param method        the HTTP method, e.g. {@code POST}
     * @param nsid          the path after {@code /xrpc/}
     * @param clientAddress the peer's IP address as the transport sees it
     * @return a new builder
     */
    public static Builder builder(String method, String nsid, String clientAddress) {
        return new Builder(method, nsid, clientAddress);
    }

    /**
     * The first value of a header (name case-insensitive), if present.
     *
     * @param name the header name
     * @return its first value, or empty
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /**
     * Every value of a header, in order.
     *
     * @param name the header name, case-insensitive
     * @return its values, empty when absent
     */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public String toString() {
        return "XrpcHttpRequest[" + method + " " + nsid + ", from " + clientAddress + ", headers " + headers.keySet()
                + "]";
    }

    /** Builds a request (handy for transports and tests). */
    public static final class Builder {
        private final String method;
        private final String nsid;
        private final String clientAddress;
        private String rawQuery = "";
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Body body = Body.EMPTY;

        private Builder(String method, String nsid, String clientAddress) {
            this.method = method;
            this.nsid = nsid;
            this.clientAddress = clientAddress;
        }

        /**
         * The raw query string (without {@code ?}).
         *
         * @param rawQuery the query, still percent-encoded
         * @return this builder
         */
        public Builder query(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /**
         * Adds a header value.
         *
         * @param name  the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The body.
         *
         * @param body the body, read at most once
         * @return this builder
         */
        public Builder body(Body body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /**
         * The body, in memory; also sets {@code Content-Length}.
         *
         * @param bytes the body
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            headers.put("Content-Length", List.of(String.valueOf(bytes.length)));
            return body(Body.of(bytes));
        }

        /** {@return the request} */
        public XrpcHttpRequest build() {
            return new XrpcHttpRequest(method, nsid, rawQuery, headers, body, clientAddress);
        }
    }
}
