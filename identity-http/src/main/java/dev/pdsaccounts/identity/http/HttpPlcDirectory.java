package dev.pdsaccounts.identity.http;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.Json;
import dev.pdsaccounts.identity.PlcDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link PlcDirectory} port over HTTP (JDK {@link java.net.http.HttpClient}): {@code POST <plcUrl>/<did>}
 * submits an operation, {@code GET <plcUrl>/<did>} reads the document, {@code /<did>/log/last} the latest
 * operation and {@code /<did>/log/audit} the audit log.
 *
 * <p>Bounded as {@link HttpDidResolver}: connect and exchange timeout (default 3 s), body cap enforced while
 * reading (64 KiB for documents and operations, 1 MiB for audit logs by default), no redirects, strict JSON.
 * As the port requires: a refused operation (4xx) is {@code IncompatibleDidDoc} with the directory's
 * {@code message}; unreachable, timeouts, 5xx and malformed answers are {@link InfrastructureException}.
 * Only {@code did:plc:} + 24 base32 characters is accepted as a DID ({@code InvalidRequest} otherwise), so no
 * input reaches the URL path unchecked.
 */
public final class HttpPlcDirectory implements PlcDirectory {
    /** Default largest audit log, in bytes. */
    public static final int DEFAULT_MAX_AUDIT_LOG_BYTES = 1024 * 1024;

    private static final int MAX_MESSAGE_CHARS = 300;

    private final String plcUrl;
    private final int maxBodyBytes;
    private final int maxAuditLogBytes;
    private final BoundedHttp http;

    private HttpPlcDirectory(Builder b) {
        this.plcUrl = b.plcUrl;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxAuditLogBytes = b.maxAuditLogBytes;
        this.http = new BoundedHttp(b.timeout);
    }

    /**
     * A builder with the defaults (the public directory {@value HttpDidResolver#DEFAULT_PLC_URL}).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void submit(String did, Map<String, Object> signedOp) {
        URI uri = uri(did, "");
        if (signedOp == null) {
            throw LexiconException.invalidRequest("operation is required");
        }
        byte[] body = Json.write(signedOp).getBytes(StandardCharsets.UTF_8);
        BoundedHttp.Response response;
        try {
            response = http.postJson(uri, body, maxBodyBytes);
        } catch (BoundedHttp.Failure e) {
            throw new InfrastructureException("PLC directory request failed: " + e.getMessage());
        }
        if (response.status >= 200 && response.status < 300) {
            return;
        }
        if (response.status >= 400 && response.status < 500) {
            throw new LexiconException(LexiconError.INCOMPATIBLE_DID_DOC, refusal(response));
        }
        throw new InfrastructureException("PLC directory answered HTTP " + response.status);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> resolveDocument(String did) {
        return getObject(uri(did, ""));
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> lastOperation(String did) {
        return getObject(uri(did, "/log/last"));
    }

    /** {@inheritDoc} */
    @Override
    public List<Map<String, Object>> auditLog(String did) {
        BoundedHttp.Response response = get(uri(did, "/log/audit"), maxAuditLogBytes);
        if (response.status == 404 || response.status == 410) {
            return List.of();
        }
        requireOk(response);
        Object parsed = parse(response);
        if (!(parsed instanceof List)) {
            throw new InfrastructureException("PLC directory answered a malformed audit log");
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object entry : (List<?>) parsed) {
            if (!(entry instanceof Map)) {
                throw new InfrastructureException("PLC directory answered a malformed audit log");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) entry;
            entries.add(map);
        }
        return Collections.unmodifiableList(entries);
    }

    private Optional<Map<String, Object>> getObject(URI uri) {
        BoundedHttp.Response response = get(uri, maxBodyBytes);
        if (response.status == 404 || response.status == 410) {
            return Optional.empty();
        }
        requireOk(response);
        Object parsed = parse(response);
        if (!(parsed instanceof Map)) {
            throw new InfrastructureException("PLC directory answered something other than a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return Optional.of(map);
    }

    private BoundedHttp.Response get(URI uri, int max) {
        try {
            return http.get(uri, "application/json", max);
        } catch (BoundedHttp.Failure e) {
            throw new InfrastructureException("PLC directory request failed: " + e.getMessage());
        }
    }

    private static void requireOk(BoundedHttp.Response response) {
        if (response.status != 200) {
            throw new InfrastructureException("PLC directory answered HTTP " + response.status);
        }
    }

    private static Object parse(BoundedHttp.Response response) {
        try {
            return Json.parse(response.body);
        } catch (CodecException e) {
            throw new InfrastructureException("PLC directory answered malformed JSON");
        }
    }

    private static String refusal(BoundedHttp.Response response) {
        String fallback = "PLC directory refused the operation (HTTP " + response.status + ")";
        try {
            Object message = Json.parseObject(response.body).get("message");
            if (message instanceof String && !((String) message).isBlank()) {
                String m = (String) message;
                return m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) : m;
            }
        } catch (CodecException e) {
            return fallback;
        }
        return fallback;
    }

    private URI uri(String did, String suffix) {
        if (did == null || !HttpDidResolver.PLC_DID.matcher(did).matches()) {
            throw LexiconException.invalidRequest("invalid did:plc");
        }
        return URI.create(plcUrl + "/" + did + suffix);
    }

    /** {@link HttpPlcDirectory}'s settings; every one has a default. */
    public static final class Builder {
        private String plcUrl = HttpDidResolver.DEFAULT_PLC_URL;
        private Duration timeout = BoundedHttp.DEFAULT_TIMEOUT;
        private int maxBodyBytes = BoundedHttp.DEFAULT_MAX_BODY_BYTES;
        private int maxAuditLogBytes = DEFAULT_MAX_AUDIT_LOG_BYTES;

        private Builder() {}

        /**
         * The directory base URL (default the public directory); a trailing {@code /} is dropped.
         *
         * @param url an absolute http(s) URL
         * @return this builder
         * @throws IllegalArgumentException if it is not an absolute http(s) URL
         */
        public Builder plcUrl(String url) {
            this.plcUrl = HttpDidResolver.baseUrl(url);
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
         * The largest document or operation answer, in bytes (default 64 KiB).
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
         * The largest audit log, in bytes (default 1 MiB).
         *
         * @param bytes positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxAuditLogBytes(int bytes) {
            this.maxAuditLogBytes = BoundedHttp.requirePositiveBytes(bytes, "maxAuditLogBytes");
            return this;
        }

        /**
         * Builds the directory client.
         *
         * @return the client
         */
        public HttpPlcDirectory build() {
            return new HttpPlcDirectory(this);
        }
    }
}
