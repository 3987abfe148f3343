package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Building did:plc update operations from the DID's latest operation, as {@code @did-plc/lib} does: the new
 * operation copies the current state (a legacy {@code create} is read as its {@code plc_operation} equivalent),
 * changes one part and points {@code prev} at the CID of the latest operation. Sign the result with
 * {@link PlcOperations#sign} using a rotation key of the latest operation.
 */
public final class PlcUpdates {
    private PlcUpdates() {}

    /**
     * The current-format state of a DID from its latest operation: a {@code plc_operation} as it is, a legacy
     * {@code create} converted.
     *
     * @param lastOp the DID's latest (signed) operation
     * @return a {@code plc_operation} map (with the original {@code sig}, if any)
     * @throws LexiconException {@code IncompatibleDidDoc} for a tombstone or a malformed operation;
     *     {@code InvalidRequest} when {@code lastOp} is missing
     */
    public static Map<String, Object> currentState(Map<String, Object> lastOp) {
        String type = PlcOperations.validateShape(lastOp, false);
        if (PlcOperations.TYPE_TOMBSTONE.equals(type)) {
            throw PlcOperations.incompatible("DID is tombstoned");
        }
        return PlcOperations.normalize(lastOp);
    }

    /**
     * The rotation keys of the DID's current state.
     *
     * @param lastOp the DID's latest (signed) operation
     * @return the did:keys, highest priority first
     * @throws LexiconException as {@link #currentState(Map)}
     */
    public static List<String> rotationKeys(Map<String, Object> lastOp) {
        return PlcOperations.rotationKeysOf(currentState(lastOp));
    }

    /**
     * An unsigned update operation changing the handle: the first {@code at://} entry of {@code alsoKnownAs} is
     * replaced by {@code at://<handle>} (or it is put first when there is none); everything else is kept.
     *
     * @param lastOp the DID's latest (signed) operation
     * @param handle the new handle (without {@code at://})
     * @return the unsigned operation, {@code prev} = CID of {@code lastOp}
     * @throws LexiconException {@code IncompatibleDidDoc} for a tombstone or a malformed operation;
     *     {@code InvalidRequest} when an argument is missing
     */
    public static Map<String, Object> handleUpdate(Map<String, Object> lastOp, String handle) {
        if (handle == null) {
            throw LexiconException.invalidRequest("handle is required");
        }
        Map<String, Object> state = currentState(lastOp);
        String formatted = PlcOperations.ensureAtprotoPrefix(handle);
        List<Object> aka = new ArrayList<>();
        boolean replaced = false;
        for (Object entry : (List<?>) state.get("alsoKnownAs")) {
            if (!replaced && entry instanceof String && ((String) entry).startsWith("at://")) {
                aka.add(formatted);
                replaced = true;
            } else {
                aka.add(entry);
            }
        }
        if (!replaced) {
            aka.add(0, formatted);
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", PlcOperations.TYPE_OPERATION);
        op.put("rotationKeys", state.get("rotationKeys"));
        op.put("verificationMethods", state.get("verificationMethods"));
        op.put("alsoKnownAs", Collections.unmodifiableList(aka));
        op.put("services", state.get("services"));
        op.put("prev", PlcOperations.cid(lastOp));
        return Collections.unmodifiableMap(op);
    }
}
