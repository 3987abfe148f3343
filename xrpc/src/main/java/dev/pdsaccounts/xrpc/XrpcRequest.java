package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as a handler sees it: verified credentials and arguments already validated against the lexicon
 * (the query parameters of a query, the JSON input of a procedure), with defaults applied. The typed getters
 * therefore never meet a wrong type; a missing optional argument reads as empty. {@code toString()} shows no
 * argument value (they may be passwords).
 */
public final class XrpcRequest {
    private final String nsid;
    private final JsonNode args;
    private final Credentials credentials;

    /**
     * A request.
     *
     * @param nsid        the method
     * @param args        the validated parameters (queries) or input (procedures); null when there are none
     * @param credentials the verified credentials
     */
    public XrpcRequest(String nsid, JsonNode args, Credentials credentials) {
        this.nsid = Objects.requireNonNull(nsid, "nsid");
        this.args = args == null ? NullNode.getInstance() : args;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** The method. */
    public String nsid() {
        return nsid;
    }

    /** The validated arguments (a null node when there are none). */
    public JsonNode args() {
        return args;
    }

    /** The verified credentials. */
    public Credentials credentials() {
        return credentials;
    }

    /** A string argument, or null when absent. */
    public String string(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A string argument, or empty when absent. */
    public Optional<String> optString(String name) {
        return Optional.ofNullable(string(name));
    }

    /**
     * An integer argument saturated to the {@code int} range (the library then rejects what is out of its range
     * with its own message).
     *
     * @throws IllegalStateException when absent (the lexicon requires it, so a bug)
     */
    public int integer(String name) {
        return optInteger(name).orElseThrow(() -> new IllegalStateException("missing validated argument " + name));
    }

    /** An integer argument saturated to the {@code int} range, or empty when absent. */
    public Optional<Integer> optInteger(String name) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        long n = v.asLong();
        return Optional.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n)));
    }

    /** An integer argument as a 64-bit value, or empty when absent. */
    public Optional<Long> optLong(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asLong());
    }

    /** A boolean argument, or empty when absent. */
    public Optional<Boolean> optBoolean(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asBoolean());
    }

    /** A string-array argument; empty when absent. */
    public List<String> strings(String name) {
        JsonNode v = args.get(name);
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return List.copyOf(out);
    }

    /** A raw JSON argument (lexicon type {@code unknown}, {@code ref} or {@code union}), or empty when absent. */
    public Optional<JsonNode> node(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The access-token credentials.
     *
     * @throws IllegalStateException when the route does not require an access token (a routing-table bug)
     */
    public Credentials.Access access() {
        if (credentials instanceof Credentials.Access) {
            return (Credentials.Access) credentials;
        }
        throw new IllegalStateException(nsid + " has no access credentials");
    }

    /**
     * The refresh-token credentials.
     *
     * @throws IllegalStateException when the route does not require a refresh token (a routing-table bug)
     */
    public Credentials.Refresh refresh() {
        if (credentials instanceof Credentials.Refresh) {
            return (Credentials.Refresh) credentials;
        }
        throw new IllegalStateException(nsid + " has no refresh credentials");
    }

    /** The service-auth token, when one was sent. */
    public Optional<String> serviceAuthJwt() {
        return credentials instanceof Credentials.ServiceAuth
                ? Optional.of(((Credentials.ServiceAuth) credentials).jwt())
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "XrpcRequest[" + nsid + ", " + credentials + "]";
    }
}
