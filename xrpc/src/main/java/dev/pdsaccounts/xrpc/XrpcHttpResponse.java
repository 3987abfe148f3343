package dev.pdsaccounts.xrpc;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer {@link XrpcDispatcher#handle} gives a transport to write: status, headers (in order) and body bytes
 * (empty for none). {@code toString()} shows no body.
 *
 * @param status  the HTTP status
 * @param headers the response headers, e.g. {@code Content-Type}, {@code Cache-Control}, {@code RateLimit-*}
 * @param body    the body bytes (empty: no body)
 */
public record XrpcHttpResponse(int status, Map<String, String> headers, byte[] body) {
    /**
     * Copies headers and body.
     *
     * @param status  the HTTP status
     * @param headers the response headers, e.g. {@code Content-Type}, {@code Cache-Control}, {@code RateLimit-*}
     * @param body    the body bytes (empty: no body)
     * @throws NullPointerException if a component is null
     */
    public XrpcHttpResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** {@return the body bytes (a copy)} */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** {@return the body as UTF-8 text} For tests and logs of non-secret answers. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XrpcHttpResponse r && r.status == status && r.headers.equals(headers)
                && java.util.Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "XrpcHttpResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
