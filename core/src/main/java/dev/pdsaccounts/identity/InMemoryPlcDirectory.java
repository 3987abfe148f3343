package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe in-memory {@link PlcDirectory} that accepts and refuses operations as the PLC directory does
 * (genesis DID derivation and self-signature, {@code prev} chaining, rotation-key signatures, nullification
 * with a higher-priority key within 72 hours, nothing after a tombstone) and serves DID documents and audit
 * logs. For tests and single-node demos.
 *
 * <p>Beyond the log rules it enforces the directory's size limits: at most {@value #MAX_ROTATION_KEYS} rotation
 * keys, {@value #MAX_VERIFICATION_METHODS} verification methods, and {@value #MAX_OPERATION_BYTES} bytes of
 * DAG-CBOR per operation. Stored operations are deep, unmodifiable copies; every returned map is unmodifiable.
 */
public final class InMemoryPlcDirectory implements PlcDirectory {
    /** Most rotation keys an operation may list (did:plc specification). */
    public static final int MAX_ROTATION_KEYS = 5;
    /** Most verification methods an operation may list (did:plc specification). */
    public static final int MAX_VERIFICATION_METHODS = 10;
    /** Largest accepted operation, as DAG-CBOR bytes (this implementation's bound). */
    public static final int MAX_OPERATION_BYTES = 7500;

    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Map<String, PlcLog> logs = new HashMap<>();

    /** A directory on the system UTC clock. */
    public InMemoryPlcDirectory() {
        this(Clock.systemUTC());
    }

    /**
     * A directory on the given clock (its instants become the operations' {@code createdAt}, at millisecond
     * precision, bumped forward where needed to keep each log strictly increasing).
     *
     * @param clock the clock
     * @throws LexiconException {@code InvalidRequest} if the clock is missing
     */
    public InMemoryPlcDirectory(Clock clock) {
        if (clock == null) {
            throw LexiconException.invalidRequest("clock is required");
        }
        this.clock = clock;
    }

    /** {@inheritDoc} */
    @Override
    public void submit(String did, Map<String, Object> signedOp) {
        if (did == null || signedOp == null) {
            throw LexiconException.invalidRequest("DID and operation are required");
        }
        Object frozenValue;
        try {
            frozenValue = DagCbor.freeze(signedOp);
        } catch (CodecException e) {
            throw PlcOperations.incompatible("invalid plc operation: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> op = (Map<String, Object>) frozenValue;
        String type = PlcOperations.validateShape(op, true);
        checkLimits(op, type);
        String cid = PlcOperations.cid(op);
        synchronized (logs) {
            PlcLog log = logs.get(did);
            boolean created = log == null;
            if (created) {
                log = new PlcLog(did);
            } else if (!log.isEmpty() && op.get("prev") == null) {
                throw PlcOperations.incompatible("DID " + did + " already exists");
            }
            if (created && op.get("prev") != null) {
                throw PlcOperations.incompatible("DID " + did + " is not registered");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            PlcLog.Entry last = log.last();
            if (last != null && !now.isAfter(last.createdAt)) {
                now = last.createdAt.plusMillis(1);
            }
            log.apply(op, cid, now);
            if (created) {
                logs.put(did, log);
            }
        }
    }

    private static void checkLimits(Map<String, Object> op, String type) {
        if (DagCbor.encode(op).length > MAX_OPERATION_BYTES) {
            throw PlcOperations.incompatible("invalid plc operation: larger than " + MAX_OPERATION_BYTES + " bytes");
        }
        if (PlcOperations.TYPE_OPERATION.equals(type)) {
            if (((List<?>) op.get("rotationKeys")).size() > MAX_ROTATION_KEYS) {
                throw PlcOperations.incompatible("invalid plc operation: more than " + MAX_ROTATION_KEYS
                        + " rotation keys");
            }
            if (((Map<?, ?>) op.get("verificationMethods")).size() > MAX_VERIFICATION_METHODS) {
                throw PlcOperations.incompatible("invalid plc operation: more than " + MAX_VERIFICATION_METHODS
                        + " verification methods");
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> resolveDocument(String did) {
        Optional<Map<String, Object>> last = lastOperation(did);
        if (last.isEmpty() || PlcOperations.TYPE_TOMBSTONE.equals(last.get().get("type"))) {
            return Optional.empty();
        }
        return Optional.of(Collections.unmodifiableMap(PlcOperations.didDocument(did, last.get())));
    }

    /** {@inheritDoc} */
    @Override
    public Optional<Map<String, Object>> lastOperation(String did) {
        if (did == null) {
            throw LexiconException.invalidRequest("DID is required");
        }
        synchronized (logs) {
            PlcLog log = logs.get(did);
            PlcLog.Entry head = log == null ? null : log.head();
            return head == null ? Optional.empty() : Optional.of(head.op);
        }
    }

    /** {@inheritDoc} */
    @Override
    public List<Map<String, Object>> auditLog(String did) {
        if (did == null) {
            throw LexiconException.invalidRequest("DID is required");
        }
        synchronized (logs) {
            PlcLog log = logs.get(did);
            if (log == null) {
                return List.of();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (PlcLog.Entry e : log.entries()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("did", did);
                entry.put("operation", e.op);
                entry.put("cid", e.cid);
                entry.put("nullified", e.nullified);
                entry.put("createdAt", CREATED_AT.format(e.createdAt));
                out.add(Collections.unmodifiableMap(entry));
            }
            return Collections.unmodifiableList(out);
        }
    }
}
