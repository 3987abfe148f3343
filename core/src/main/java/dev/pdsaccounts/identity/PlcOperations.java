package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * did:plc operations as JSON-like maps: building and signing the genesis operation, deriving the DID and CIDs,
 * checking signatures against rotation keys and rendering the DID document the PLC directory serves.
 *
 * <p>Three operation types exist: {@code plc_operation} (current format), {@code plc_tombstone} and the legacy
 * v1 {@code create} genesis format ({@code signingKey}, {@code recoveryKey}, {@code handle}, {@code service}),
 * which is read as the equivalent {@code plc_operation} with rotation keys {@code [recoveryKey, signingKey]}.
 *
 * <p>Signatures cover the DAG-CBOR encoding of the operation without {@code sig}; the DID is
 * {@code did:plc:} + the first 24 characters of base32-lower(SHA-256(DAG-CBOR(signed genesis operation))).
 * Operations a directory would refuse raise {@link LexiconException} with {@code IncompatibleDidDoc} and a
 * message naming the reason; missing arguments raise {@code InvalidRequest}.
 */
public final class PlcOperations {
    /** The {@code type} of a current-format operation. */
    public static final String TYPE_OPERATION = "plc_operation";
    /** The {@code type} of a tombstone. */
    public static final String TYPE_TOMBSTONE = "plc_tombstone";
    /** The {@code type} of a legacy (v1) genesis operation. */
    public static final String TYPE_LEGACY_CREATE = "create";
    /** The verification method id of the atproto signing key. */
    public static final String ATPROTO_KEY_ID = "atproto";
    /** The service id of the atproto PDS. */
    public static final String ATPROTO_PDS_ID = "atproto_pds";
    /** The service type of the atproto PDS. */
    public static final String ATPROTO_PDS_TYPE = "AtprotoPersonalDataServer";

    private static final Set<String> OPERATION_FIELDS =
            Set.of("type", "rotationKeys", "verificationMethods", "alsoKnownAs", "services", "prev", "sig");
    private static final Set<String> TOMBSTONE_FIELDS = Set.of("type", "prev", "sig");
    private static final Set<String> CREATE_FIELDS =
            Set.of("type", "signingKey", "recoveryKey", "handle", "service", "prev", "sig");
    private static final Set<String> SERVICE_FIELDS = Set.of("type", "endpoint");

    private PlcOperations() {}

    // ---------------------------------------------------------------- building and signing

    /**
     * Builds the unsigned genesis {@code plc_operation} the reference PDS creates ({@code @did-plc/lib}
     * {@code createOp}): {@code type}, {@code rotationKeys}, {@code verificationMethods.atproto},
     * {@code alsoKnownAs = ["at://" + handle]}, {@code services.atproto_pds} and {@code prev: null}. The handle
     * gets an {@code at://} prefix (an {@code http(s)://} prefix is replaced) and an endpoint without
     * {@code http://} or {@code https://} gets {@code https://}.
     *
     * @param rotationKeys did:keys in priority order (user recovery key, server recovery key, PDS rotation key)
     * @param signingKeyDid the repo signing key as did:key
     * @param handle the handle (with or without {@code at://})
     * @param pdsEndpoint the PDS public URL
     * @return the unsigned operation (an unmodifiable map in the reference's field order)
     * @throws LexiconException {@code InvalidRequest} if an argument is missing or a key is not a supported
     *     did:key
     */
    public static Map<String, Object> genesisOperation(List<String> rotationKeys, String signingKeyDid,
            String handle, String pdsEndpoint) {
        if (rotationKeys == null || signingKeyDid == null || handle == null || pdsEndpoint == null) {
            throw LexiconException.invalidRequest("rotation keys, signing key, handle and endpoint are required");
        }
        List<String> keys = new ArrayList<>(rotationKeys.size());
        for (Object key : rotationKeys) {
            if (!(key instanceof String)) {
                throw LexiconException.invalidRequest("rotation keys must be did:key strings");
            }
            PublicKey.parseDidKey((String) key);
            keys.add((String) key);
        }
        PublicKey.parseDidKey(signingKeyDid);
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("type", ATPROTO_PDS_TYPE);
        service.put("endpoint", ensureHttpPrefix(pdsEndpoint));
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", TYPE_OPERATION);
        op.put("rotationKeys", Collections.unmodifiableList(keys));
        op.put("verificationMethods", Collections.singletonMap(ATPROTO_KEY_ID, signingKeyDid));
        op.put("alsoKnownAs", List.of(ensureAtprotoPrefix(handle)));
        op.put("services", Collections.singletonMap(ATPROTO_PDS_ID, Collections.unmodifiableMap(service)));
        op.put("prev", null);
        return Collections.unmodifiableMap(op);
    }

    /**
     * Builds an unsigned tombstone that deactivates a DID permanently.
     *
     * @param prevCid the CID of the DID's latest operation
     * @return the unsigned tombstone (unmodifiable)
     * @throws LexiconException {@code InvalidRequest} if {@code prevCid} is missing
     */
    public static Map<String, Object> tombstoneOperation(String prevCid) {
        if (prevCid == null) {
            throw LexiconException.invalidRequest("prev CID is required");
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("type", TYPE_TOMBSTONE);
        op.put("prev", prevCid);
        return Collections.unmodifiableMap(op);
    }

    static String ensureAtprotoPrefix(String handle) {
        if (handle.startsWith("at://")) {
            return handle;
        }
        // as @did-plc/lib: drop the first "http://", then the first "https://"
        return "at://" + replaceFirstLiteral(replaceFirstLiteral(handle, "http://"), "https://");
    }

    private static String replaceFirstLiteral(String s, String target) {
        int i = s.indexOf(target);
        return i < 0 ? s : s.substring(0, i) + s.substring(i + target.length());
    }

    static String ensureHttpPrefix(String endpoint) {
        if (endpoint.startsWith("http://") || endpoint.startsWith("https://")) {
            return endpoint;
        }
        return "https://" + endpoint;
    }

    /**
     * Signs an operation: base64url (no padding) of the low-S compact signature over the DAG-CBOR encoding of
     * the operation without {@code sig}. An existing {@code sig} is replaced.
     *
     * @param unsignedOp the operation
     * @param rotationKey the signing rotation key
     * @return a new unmodifiable map: the operation's fields plus {@code sig}
     * @throws LexiconException {@code InvalidRequest} if an argument is missing or the map is not encodable
     */
    public static Map<String, Object> sign(Map<String, Object> unsignedOp, SigningKeyPair rotationKey) {
        if (unsignedOp == null || rotationKey == null) {
            throw LexiconException.invalidRequest("operation and rotation key are required");
        }
        Map<String, Object> data = withoutSig(unsignedOp);
        String sig = Multibase.base64UrlEncode(rotationKey.sign(DagCbor.encode(data)));
        Map<String, Object> signed = new LinkedHashMap<>(data);
        signed.put("sig", sig);
        return Collections.unmodifiableMap(signed);
    }

    private static Map<String, Object> withoutSig(Map<String, Object> op) {
        Map<String, Object> data = new LinkedHashMap<>(op);
        data.remove("sig");
        return data;
    }

    // ---------------------------------------------------------------- derivation

    /**
     * The DID a signed genesis operation ({@code plc_operation} or legacy {@code create}, {@code prev} null)
     * creates: {@code did:plc:} + first 24 chars of base32-lower(SHA-256(DAG-CBOR(signed op))).
     *
     * @param signedOp the signed genesis operation
     * @return the did:plc
     * @throws LexiconException {@code IncompatibleDidDoc} if the map is not a well-formed signed genesis operation
     */
    public static String didForGenesis(Map<String, Object> signedOp) {
        String type = validateShape(signedOp, true);
        if (TYPE_TOMBSTONE.equals(type) || signedOp.get("prev") != null) {
            throw incompatible("invalid plc operation: not a genesis operation (prev must be null)");
        }
        byte[] hash = Cid.sha256(DagCbor.encode(signedOp));
        return "did:plc:" + Multibase.base32LowerEncode(hash).substring(0, 24);
    }

    /**
     * The CID of an operation (signed or not): CIDv1 dag-cbor sha-256 of its DAG-CBOR encoding.
     *
     * @param op the operation
     * @return the {@code bafyrei...} CID string
     * @throws LexiconException {@code InvalidRequest} if the map is missing or not encodable
     */
    public static String cid(Map<String, Object> op) {
        if (op == null) {
            throw LexiconException.invalidRequest("operation is missing");
        }
        return Cid.ofValue(op);
    }

    // ---------------------------------------------------------------- signatures

    /**
     * Whether the operation's {@code sig} is a valid strict signature (strict base64url, 64-byte compact,
     * low-S) by any of the given did:keys over the DAG-CBOR of the operation without {@code sig}. Keys that do
     * not parse are skipped.
     *
     * @param signedOp the signed operation
     * @param rotationKeys candidate did:keys
     * @return whether one of the keys signed it
     * @throws LexiconException {@code InvalidRequest} if an argument is missing or the map is not encodable
     */
    public static boolean verifySignature(Map<String, Object> signedOp, List<String> rotationKeys) {
        if (signedOp == null || rotationKeys == null) {
            throw LexiconException.invalidRequest("operation and rotation keys are required");
        }
        return checkSignature(signedOp, rotationKeys).index >= 0;
    }

    /** The outcome of a signature check: the index of the first verifying key, or a failure reason. */
    static final class SigCheck {
        final int index;
        final String failure;

        private SigCheck(int index, String failure) {
            this.index = index;
            this.failure = failure;
        }
    }

    /** Checks the signature against {@code keys} (in order); never throws for bad signatures or keys. */
    static SigCheck checkSignature(Map<String, Object> signedOp, List<?> keys) {
        Object sigValue = signedOp.get("sig");
        if (!(sigValue instanceof String)) {
            return new SigCheck(-1, "operation is not signed (no sig)");
        }
        byte[] sig;
        try {
            sig = Multibase.base64UrlDecodeStrict((String) sigValue);
        } catch (CodecException e) {
            return new SigCheck(-1, "invalid signature encoding: " + e.getMessage());
        }
        if (sig.length != 64) {
            return new SigCheck(-1, Ecdsa.looksLikeDer(sig)
                    ? "invalid signature: DER-encoded signatures are not allowed (expected 64-byte compact r||s)"
                    : "invalid signature: expected 64 bytes, got " + sig.length);
        }
        byte[] data = DagCbor.encode(withoutSig(signedOp));
        List<PublicKey> parsed = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            PublicKey key = parseQuietly(keys.get(i));
            parsed.add(key);
            if (key != null && key.verify(data, sig)) {
                return new SigCheck(i, null);
            }
        }
        for (PublicKey key : parsed) {
            if (key != null && key.verifyLenient(data, sig)) {
                return new SigCheck(-1, "invalid signature: high-S signature (atproto requires low-S)");
            }
        }
        if (Ecdsa.looksLikeDer(sig)) {
            return new SigCheck(-1,
                    "invalid signature: DER-encoded signatures are not allowed (expected 64-byte compact r||s)");
        }
        return new SigCheck(-1, keys.isEmpty()
                ? "invalid signature: no rotation key is allowed to sign"
                : "invalid signature: not signed by any allowed rotation key");
    }

    private static PublicKey parseQuietly(Object key) {
        if (!(key instanceof String)) {
            return null;
        }
        try {
            return PublicKey.parseDidKey((String) key);
        } catch (CodecException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- shape

    /**
     * Checks the fields of an operation and returns its type. Rotation keys (and the legacy signing and
     * recovery keys) must be supported did:keys; verification methods must be syntactically valid did:keys.
     *
     * @param op         the operation as decoded JSON
     * @param requireSig whether a {@code sig} field must be present
     * @return the operation's {@code type}: {@code plc_operation}, {@code plc_tombstone} or {@code create}
     * @throws LexiconException {@code IncompatibleDidDoc} when a field is missing or malformed
     */
    public static String validateShape(Map<String, Object> op, boolean requireSig) {
        if (op == null) {
            throw LexiconException.invalidRequest("operation is missing");
        }
        Object typeValue = op.get("type");
        if (!(typeValue instanceof String)) {
            throw incompatible("invalid plc operation: type is missing");
        }
        String type = (String) typeValue;
        Set<String> allowed;
        switch (type) {
            case TYPE_OPERATION:
                allowed = OPERATION_FIELDS;
                break;
            case TYPE_TOMBSTONE:
                allowed = TOMBSTONE_FIELDS;
                break;
            case TYPE_LEGACY_CREATE:
                allowed = CREATE_FIELDS;
                break;
            default:
                throw incompatible("invalid plc operation: unknown type");
        }
        for (Object field : op.keySet()) {
            if (!(field instanceof String) || !allowed.contains(field)) {
                throw incompatible("invalid plc operation: unexpected field in " + type);
            }
        }
        for (String field : allowed) {
            if (!op.containsKey(field) && !("sig".equals(field) && !requireSig)) {
                throw incompatible("invalid plc operation: " + type + " lacks field " + field);
            }
        }
        Object sig = op.get("sig");
        if (op.containsKey("sig") && !(sig instanceof String)) {
            throw incompatible("invalid plc operation: sig must be a string");
        }
        Object prev = op.get("prev");
        if (prev != null && !(prev instanceof String)) {
            throw incompatible("invalid plc operation: prev must be a CID string or null");
        }
        if (TYPE_TOMBSTONE.equals(type)) {
            if (prev == null) {
                throw incompatible("invalid plc operation: a tombstone needs prev");
            }
        } else if (TYPE_LEGACY_CREATE.equals(type)) {
            if (prev != null) {
                throw incompatible("invalid plc operation: a legacy create operation must have prev null");
            }
            requireDidKey(op.get("signingKey"), "signingKey");
            requireDidKey(op.get("recoveryKey"), "recoveryKey");
            requireString(op.get("handle"), "handle");
            requireString(op.get("service"), "service");
        } else {
            List<?> rotationKeys = requireList(op.get("rotationKeys"), "rotationKeys");
            for (Object key : rotationKeys) {
                requireDidKey(key, "rotation key");
            }
            for (Map.Entry<?, ?> e : requireMap(op.get("verificationMethods"), "verificationMethods").entrySet()) {
                requireSyntacticDidKey(e.getValue());
            }
            for (Object aka : requireList(op.get("alsoKnownAs"), "alsoKnownAs")) {
                requireString(aka, "alsoKnownAs entry");
            }
            for (Map.Entry<?, ?> e : requireMap(op.get("services"), "services").entrySet()) {
                Map<?, ?> service = requireMap(e.getValue(), "service");
                if (!SERVICE_FIELDS.equals(service.keySet())) {
                    throw incompatible("invalid plc operation: a service must have exactly type and endpoint");
                }
                requireString(service.get("type"), "service type");
                requireString(service.get("endpoint"), "service endpoint");
            }
        }
        return type;
    }

    private static void requireString(Object value, String what) {
        if (!(value instanceof String)) {
            throw incompatible("invalid plc operation: " + what + " must be a string");
        }
    }

    private static List<?> requireList(Object value, String what) {
        if (!(value instanceof List)) {
            throw incompatible("invalid plc operation: " + what + " must be an array");
        }
        return (List<?>) value;
    }

    private static Map<?, ?> requireMap(Object value, String what) {
        if (!(value instanceof Map)) {
            throw incompatible("invalid plc operation: " + what + " must be an object");
        }
        for (Object key : ((Map<?, ?>) value).keySet()) {
            if (!(key instanceof String)) {
                throw incompatible("invalid plc operation: " + what + " keys must be strings");
            }
        }
        return (Map<?, ?>) value;
    }

    private static void requireDidKey(Object value, String what) {
        requireString(value, what);
        try {
            PublicKey.parseDidKey((String) value);
        } catch (CodecException e) {
            throw incompatible("invalid plc operation: " + what + " is not a supported did:key ("
                    + e.getMessage() + ")");
        }
    }

    private static void requireSyntacticDidKey(Object value) {
        requireString(value, "verification method");
        String s = (String) value;
        boolean ok = s.startsWith("did:key:z") && s.length() <= 512;
        if (ok) {
            try {
                ok = Multibase.base58btcDecode(s.substring("did:key:z".length())).length > 0;
            } catch (CodecException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw incompatible("invalid plc operation: verification method is not a syntactically valid did:key");
        }
    }

    /**
     * The rotation keys of a validated operation: legacy {@code [recoveryKey, signingKey]}, tombstone none.
     *
     * @param op an operation already checked by {@link #validateShape(Map, boolean)}
     * @return the rotation keys as did:keys, in priority order; empty for a tombstone
     */
    public static List<String> rotationKeysOf(Map<String, Object> op) {
        Object type = op.get("type");
        if (TYPE_TOMBSTONE.equals(type)) {
            return List.of();
        }
        if (TYPE_LEGACY_CREATE.equals(type)) {
            return List.of((String) op.get("recoveryKey"), (String) op.get("signingKey"));
        }
        List<String> keys = new ArrayList<>();
        for (Object k : (List<?>) op.get("rotationKeys")) {
            keys.add((String) k);
        }
        return keys;
    }

    /**
     * The current-format equivalent of an operation (a legacy {@code create} becomes a {@code plc_operation};
     * others are returned as they are).
     *
     * @param op a validated operation
     * @return the normalised operation
     */
    static Map<String, Object> normalize(Map<String, Object> op) {
        if (!TYPE_LEGACY_CREATE.equals(op.get("type"))) {
            return op;
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("type", ATPROTO_PDS_TYPE);
        service.put("endpoint", ensureHttpPrefix((String) op.get("service")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", TYPE_OPERATION);
        out.put("rotationKeys", rotationKeysOf(op));
        out.put("verificationMethods", Map.of(ATPROTO_KEY_ID, op.get("signingKey")));
        out.put("alsoKnownAs", List.of(ensureAtprotoPrefix((String) op.get("handle"))));
        out.put("services", Map.of(ATPROTO_PDS_ID, service));
        out.put("prev", op.get("prev"));
        if (op.containsKey("sig")) {
            out.put("sig", op.get("sig"));
        }
        return out;
    }

    /**
     * The error for an operation or log a PLC directory would refuse.
     *
     * @param reason what is wrong, without any key material
     * @return an {@code IncompatibleDidDoc} (400) exception, to be thrown
     */
    public static LexiconException incompatible(String reason) {
        return new LexiconException(LexiconError.INCOMPATIBLE_DID_DOC, reason);
    }

    // ---------------------------------------------------------------- DID document

    /**
     * Renders the W3C DID document the PLC directory serves for a DID whose latest operation (or {@code /data}
     * state: {@code verificationMethods}, {@code alsoKnownAs}, {@code services}) is given: {@code @context},
     * {@code id}, {@code alsoKnownAs}, {@code verificationMethod} (one {@code Multikey} per verification method,
     * id {@code did#name}) and {@code service} (id {@code #name}, {@code type}, {@code serviceEndpoint}).
     *
     * @param did the DID
     * @param opOrState a {@code plc_operation}, legacy {@code create} or state map
     * @return the document (a fresh map)
     * @throws LexiconException {@code IncompatibleDidDoc} for a tombstone or malformed data; {@code InvalidRequest}
     *     if an argument is missing
     */
    public static Map<String, Object> didDocument(String did, Map<String, Object> opOrState) {
        if (did == null || opOrState == null) {
            throw LexiconException.invalidRequest("DID and operation are required");
        }
        Object type = opOrState.get("type");
        if (TYPE_TOMBSTONE.equals(type)) {
            throw incompatible("DID is tombstoned: no DID document");
        }
        Map<String, Object> state = opOrState;
        if (TYPE_LEGACY_CREATE.equals(type)) {
            validateShape(opOrState, false);
            state = normalize(opOrState);
        }
        List<Object> context = new ArrayList<>(List.of("https://www.w3.org/ns/did/v1",
                "https://w3id.org/security/multikey/v1"));
        List<Object> methods = new ArrayList<>();
        for (Map.Entry<?, ?> e : requireMap(state.get("verificationMethods"), "verificationMethods").entrySet()) {
            requireString(e.getValue(), "verification method");
            String key = (String) e.getValue();
            String keyContext;
            try {
                KeyAlgorithm alg = PublicKey.parseDidKey(key).algorithm();
                keyContext = alg == KeyAlgorithm.P256 ? "https://w3id.org/security/suites/ecdsa-2019/v1"
                        : "https://w3id.org/security/suites/secp256k1-2019/v1";
            } catch (CodecException ex) {
                keyContext = "https://w3id.org/security/v1";
            }
            if (!context.contains(keyContext)) {
                context.add(keyContext);
            }
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("id", did + "#" + e.getKey());
            vm.put("type", "Multikey");
            vm.put("controller", did);
            vm.put("publicKeyMultibase", key.startsWith(PublicKey.DID_KEY_PREFIX)
                    ? key.substring(PublicKey.DID_KEY_PREFIX.length()) : key);
            methods.add(vm);
        }
        List<Object> aka = new ArrayList<>();
        for (Object a : requireList(state.get("alsoKnownAs"), "alsoKnownAs")) {
            requireString(a, "alsoKnownAs entry");
            aka.add(a);
        }
        List<Object> services = new ArrayList<>();
        for (Map.Entry<?, ?> e : requireMap(state.get("services"), "services").entrySet()) {
            Map<?, ?> service = requireMap(e.getValue(), "service");
            requireString(service.get("type"), "service type");
            requireString(service.get("endpoint"), "service endpoint");
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", "#" + e.getKey());
            s.put("type", service.get("type"));
            s.put("serviceEndpoint", service.get("endpoint"));
            services.add(s);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@context", context);
        doc.put("id", did);
        doc.put("alsoKnownAs", aka);
        doc.put("verificationMethod", methods);
        doc.put("service", services);
        return doc;
    }
}
