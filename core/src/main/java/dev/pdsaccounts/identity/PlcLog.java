package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operation log of one did:plc, with the directory's acceptance rules (did-method-plc
 * {@code assureValidNextOp}): genesis derivation and self-signature, {@code prev} pointing at a current
 * (non-nullified) operation, signatures by a rotation key of the operation pointed at, nullification of the
 * later operations only by a strictly higher-priority key than the one that signed the first of them and within
 * 72 hours of it, nothing after a tombstone, strictly increasing timestamps. Not thread-safe.
 */
final class PlcLog {
    static final Duration RECOVERY_WINDOW = Duration.ofHours(72);

    /** One accepted operation. */
    static final class Entry {
        final String cid;
        final Map<String, Object> op;
        final Instant createdAt;
        boolean nullified;

        Entry(String cid, Map<String, Object> op, Instant createdAt) {
            this.cid = cid;
            this.op = op;
            this.createdAt = createdAt;
        }
    }

    final String did;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byCid = new HashMap<>();

    PlcLog(String did) {
        this.did = did;
    }

    List<Entry> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The latest non-nullified entry, or null for an empty log. */
    Entry head() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (!entries.get(i).nullified) {
                return entries.get(i);
            }
        }
        return null;
    }

    /** The last entry of the log (nullified or not), or null. */
    Entry last() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    /**
     * Validates {@code op} (whose CID is {@code cid}) as the next operation at time {@code createdAt} and appends
     * it, nullifying what it overrides.
     *
     * @throws LexiconException {@code IncompatibleDidDoc} naming the reason the operation is refused
     */
    Entry apply(Map<String, Object> op, String cid, Instant createdAt) {
        String type = PlcOperations.validateShape(op, true);
        if (byCid.containsKey(cid)) {
            throw PlcOperations.incompatible("operation " + cid + " is already in the log");
        }
        Object prevValue = op.get("prev");
        if (entries.isEmpty()) {
            if (PlcOperations.TYPE_TOMBSTONE.equals(type) || prevValue != null) {
                throw PlcOperations.incompatible("the first operation of a DID must be a genesis operation"
                        + " (prev null)");
            }
            String derived = PlcOperations.didForGenesis(op);
            if (!derived.equals(did)) {
                throw PlcOperations.incompatible("genesis operation derives " + derived + ", not " + did);
            }
            requireSigned(op, PlcOperations.rotationKeysOf(op));
            return append(cid, op, createdAt);
        }
        if (prevValue == null) {
            throw PlcOperations.incompatible("genesis operation for a DID that already exists (prev is null)");
        }
        String prev = (String) prevValue;
        Entry prevEntry = byCid.get(prev);
        if (prevEntry == null) {
            throw PlcOperations.incompatible("prev " + prev + " is not an operation of " + did);
        }
        if (prevEntry.nullified) {
            throw PlcOperations.incompatible("prev " + prev + " is a nullified operation");
        }
        if (PlcOperations.TYPE_TOMBSTONE.equals(prevEntry.op.get("type"))) {
            throw PlcOperations.incompatible("DID is tombstoned: no operation may follow a tombstone");
        }
        Entry head = head();
        if (!createdAt.isAfter(head.createdAt)) {
            throw PlcOperations.incompatible("operation timestamp is not after the latest operation's");
        }
        List<String> allowedKeys = PlcOperations.rotationKeysOf(prevEntry.op);
        List<Entry> overridden = new ArrayList<>();
        boolean after = false;
        for (Entry e : entries) {
            if (e == prevEntry) {
                after = true;
            } else if (after && !e.nullified) {
                overridden.add(e);
            }
        }
        if (overridden.isEmpty()) {
            requireSigned(op, allowedKeys);
        } else {
            Entry first = overridden.get(0);
            int disputedSigner = PlcOperations.checkSignature(first.op, allowedKeys).index;
            if (disputedSigner < 0) {
                throw PlcOperations.incompatible("operation " + first.cid + " in the log is not signed by a"
                        + " rotation key of its prev");
            }
            List<String> stronger = allowedKeys.subList(0, disputedSigner);
            if (PlcOperations.checkSignature(op, stronger).index < 0) {
                requireSigned(op, allowedKeys);
                throw PlcOperations.incompatible("nullification of " + first.cid + " must be signed by a"
                        + " higher-priority rotation key than the one that signed it");
            }
            Duration lapsed = Duration.between(first.createdAt, createdAt);
            if (lapsed.compareTo(RECOVERY_WINDOW) > 0) {
                throw PlcOperations.incompatible("recovery window of 72 hours has passed: " + first.cid
                        + " was created " + lapsed + " earlier and can no longer be nullified");
            }
            for (Entry e : overridden) {
                e.nullified = true;
            }
        }
        return append(cid, op, createdAt);
    }

    private static void requireSigned(Map<String, Object> op, List<String> keys) {
        PlcOperations.SigCheck check = PlcOperations.checkSignature(op, keys);
        if (check.index < 0) {
            throw PlcOperations.incompatible(check.failure);
        }
    }

    private Entry append(String cid, Map<String, Object> op, Instant createdAt) {
        Entry e = new Entry(cid, op, createdAt);
        entries.add(e);
        byCid.put(cid, e);
        return e;
    }
}
