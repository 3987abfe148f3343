package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Validates a did:plc audit log in the shape of the PLC directory's {@code /<did>/log/audit} answer: a list of
 * entries {@code {did, operation, cid, nullified, createdAt}} in creation order, nullified entries included.
 */
public final class PlcAuditLog {
    /** Most entries accepted in one log (bounds the work on hostile input). */
    public static final int MAX_ENTRIES = 10_000;

    private PlcAuditLog() {}

    /**
     * Replays the log with the directory's rules and checks it is self-consistent:
     * <ul>
     *   <li>every entry names the same DID, and entry 0 is a genesis operation deriving that DID;</li>
     *   <li>each entry's {@code cid} is the CID of its operation;</li>
     *   <li>each later operation's {@code prev} is a current (non-nullified) operation that is not a tombstone,
     *       and it is signed (strict base64url, 64-byte compact, low-S) by a rotation key of that operation;</li>
     *   <li>an operation that overrides later ones (nullification) is signed by a strictly higher-priority
     *       (lower index) rotation key than the first overridden operation's signer, at most 72 hours
     *       (inclusive) after that operation;</li>
     *   <li>timestamps increase, and each entry's {@code nullified} flag matches the replay.</li>
     * </ul>
     *
     * @param entries the audit log
     * @throws LexiconException {@code IncompatibleDidDoc} with a message naming the entry and the reason;
     *     {@code InvalidRequest} if the list is missing
     */
    public static void validate(List<Map<String, Object>> entries) {
        if (entries == null) {
            throw LexiconException.invalidRequest("audit log is missing");
        }
        if (entries.isEmpty()) {
            throw PlcOperations.incompatible("audit log is empty");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw PlcOperations.incompatible("audit log has too many entries");
        }
        PlcLog log = null;
        for (int i = 0; i < entries.size(); i++) {
            Object raw = entries.get(i);
            if (!(raw instanceof Map)) {
                throw PlcOperations.incompatible("audit log entry " + i + " is not an object");
            }
            Map<?, ?> entry = (Map<?, ?>) raw;
            Object did = entry.get("did");
            Object operation = entry.get("operation");
            Object cid = entry.get("cid");
            Object nullified = entry.get("nullified");
            Object createdAt = entry.get("createdAt");
            if (!(did instanceof String) || !(operation instanceof Map) || !(cid instanceof String)
                    || !(nullified instanceof Boolean) || !(createdAt instanceof String)) {
                throw PlcOperations.incompatible("audit log entry " + i
                        + " lacks did, operation, cid, nullified or createdAt");
            }
            if (log == null) {
                log = new PlcLog((String) did);
            } else if (!log.did.equals(did)) {
                throw PlcOperations.incompatible("audit log entry " + i + " names another DID");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> op = (Map<String, Object>) operation;
            try {
                String computed = PlcOperations.cid(op);
                if (!computed.equals(cid)) {
                    throw PlcOperations.incompatible("cid does not match the operation (computed " + computed
                            + ")");
                }
                log.apply(op, computed, parseTime((String) createdAt));
            } catch (CodecException | LexiconException e) {
                throw PlcOperations.incompatible("audit log entry " + i + " (" + cid + "): " + e.getMessage());
            }
        }
        List<PlcLog.Entry> replayed = log.entries();
        for (int i = 0; i < entries.size(); i++) {
            boolean claimed = (Boolean) ((Map<?, ?>) entries.get(i)).get("nullified");
            if (claimed != replayed.get(i).nullified) {
                throw PlcOperations.incompatible("audit log entry " + i + " is marked nullified=" + claimed
                        + " but the replay gives nullified=" + replayed.get(i).nullified);
            }
        }
    }

    private static Instant parseTime(String createdAt) {
        try {
            return OffsetDateTime.parse(createdAt).toInstant();
        } catch (DateTimeParseException e) {
            throw PlcOperations.incompatible("createdAt is not an RFC 3339 datetime");
        }
    }
}
