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

    /** {@return the method's NSID} */
    public String nsid() {
        return nsid;
    }

    /** {@return the validated arguments (a null node when there are none)} */
    public JsonNode args() {
        return args;
    }

    /** {@return the verified credentials} */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * A string argument.
     *
     * @param name the argument's name
     * @return its value, or null when absent
     */
    public String string(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * A string argument.
     *
     * @param name the argument's name
     * @return its value, or empty when absent
     */
    public Optional<String> optString(String name) {
        return Optional.ofNullable(string(name));
    }

    /**
     * An integer argument saturated to the {@code int} range (the library then rejects what is out of its range
     * with its own message).
     *
     * @throws IllegalStateException when absent (the lexicon requires it, so a bug)
     * @param name the argument's name
     * @return its value
     */
    public int integer(String name) {
        return optInteger(name).orElseThrow(() -> new IllegalStateException("missing validated argument " + name));
    }

    /**
     * An integer argument saturated to the {@code int} range.
     *
     * @param name the argument's name
     * @return its value, or empty when absent
     */
    public Optional<Integer> optInteger(String name) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        long n = v.asLong();
        return Optional.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n)));
    }

    /**
     * An integer argument as a 64-bit value.
     *
     * @param name the argument's name
     * @return its value, or empty when absent
     */
    public Optional<Long> optLong(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asLong());
    }

    /**
     * A boolean argument.
     *
     * @param name the argument's name
     * @return its value, or empty when absent
     */
    public Optional<Boolean> optBoolean(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asBoolean());
    }

    /**
     * A string-array argument.
     *
     * @param name the argument's name
     * @return its items; empty when absent
     */
    public List<String> strings(String name) {
        JsonNode v = args.get(name);
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return List.copyOf(out);
    }

    /**
     * A raw JSON argument (lexicon type {@code unknown}, {@code ref} or {@code union}).
     *
     * @param name the argument's name
     * @return its JSON, or empty when absent
     */
    public Optional<JsonNode> node(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The access-token credentials.
     *
     * @throws IllegalStateException when the route does not require an access token (a routing-table bug)
     * @return the access-token credentials
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
     * @return the refresh-token credentials
     */
    public Credentials.Refresh refresh() {
        if (credentials instanceof Credentials.Refresh) {
            return (Credentials.Refresh) credentials;
        }
        throw new IllegalStateException(nsid + " has no refresh credentials");
    }

    /** {@return the service-auth token, or empty when none was sent} */
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
