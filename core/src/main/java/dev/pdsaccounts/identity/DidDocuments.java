package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the atproto parts of a DID document (as {@link DidResolver} returns it): the {@code #atproto} signing
 * key, the {@code #atproto_pds} endpoint and the handle. Malformed parts read as absent; no method throws for
 * a hostile document.
 */
public final class DidDocuments {
    /** Legacy verification method type of secp256k1 keys (raw compressed point, no multicodec prefix). */
    public static final String LEGACY_K256_TYPE = "EcdsaSecp256k1VerificationKey2019";
    /** Legacy verification method type of P-256 keys (raw compressed point, no multicodec prefix). */
    public static final String LEGACY_P256_TYPE = "EcdsaSecp256r1VerificationKey2019";
    /** Current verification method type (publicKeyMultibase is a did:key body with multicodec prefix). */
    public static final String MULTIKEY_TYPE = "Multikey";

    private DidDocuments() {}

    /**
     * The document's {@code id}.
     *
     * @param doc the document
     * @return the id, when it is a string
     */
    public static Optional<String> id(Map<String, Object> doc) {
        Object id = doc == null ? null : doc.get("id");
        return id instanceof String ? Optional.of((String) id) : Optional.empty();
    }

    /**
     * The atproto signing key: the verification method with id {@code #atproto} or {@code <did>#atproto},
     * of type {@code Multikey} or one of the two legacy 2019 types, with a {@code publicKeyMultibase}.
     *
     * @param doc the document
     * @return the key, or empty when there is none or it does not parse
     */
    public static Optional<PublicKey> atprotoSigningKey(Map<String, Object> doc) {
        return verificationKey(doc, PlcOperations.ATPROTO_KEY_ID);
    }

    /**
     * The verification method {@code #<keyId>} (e.g. {@code atproto_label}, a labeler's key) as a public key,
     * with the same rules as {@link #atprotoSigningKey}.
     *
     * @param doc the document
     * @param keyId the fragment of the method's id
     * @return the key, or empty when there is none or it does not parse
     */
    public static Optional<PublicKey> verificationKey(Map<String, Object> doc, String keyId) {
        Optional<Map<?, ?>> vm = entryWithId(doc, "verificationMethod", keyId);
        if (vm.isEmpty()) {
            return Optional.empty();
        }
        Object type = vm.get().get("type");
        Object multibase = vm.get().get("publicKeyMultibase");
        if (!(multibase instanceof String)) {
            return Optional.empty();
        }
        try {
            if (MULTIKEY_TYPE.equals(type)) {
                return Optional.of(PublicKey.parseMultikey((String) multibase));
            }
            if (LEGACY_K256_TYPE.equals(type) || LEGACY_P256_TYPE.equals(type)) {
                KeyAlgorithm alg = LEGACY_K256_TYPE.equals(type) ? KeyAlgorithm.SECP256K1 : KeyAlgorithm.P256;
                String text = (String) multibase;
                if (text.length() > 256) {
                    return Optional.empty();
                }
                return Optional.of(PublicKey.fromEncodedPoint(alg, Multibase.decode(text)));
            }
        } catch (CodecException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The atproto signing key as a did:key.
     *
     * @param doc the document
     * @return {@code did:key:z...}, or empty
     */
    public static Optional<String> atprotoSigningDidKey(Map<String, Object> doc) {
        return atprotoSigningKey(doc).map(PublicKey::didKey);
    }

    /**
     * The PDS endpoint: the service with id {@code #atproto_pds} or {@code <did>#atproto_pds}, of type
     * {@code AtprotoPersonalDataServer}, whose {@code serviceEndpoint} is an http(s) URL string.
     *
     * @param doc the document
     * @return the endpoint, or empty
     */
    public static Optional<String> pdsEndpoint(Map<String, Object> doc) {
        Optional<Map<?, ?>> service = entryWithId(doc, "service", PlcOperations.ATPROTO_PDS_ID);
        if (service.isEmpty() || !PlcOperations.ATPROTO_PDS_TYPE.equals(service.get().get("type"))) {
            return Optional.empty();
        }
        Object endpoint = service.get().get("serviceEndpoint");
        if (!(endpoint instanceof String)) {
            return Optional.empty();
        }
        String url = (String) endpoint;
        return url.startsWith("https://") || url.startsWith("http://") ? Optional.of(url) : Optional.empty();
    }

    /**
     * The handle: the first {@code alsoKnownAs} entry starting with {@code at://}, without that prefix.
     *
     * @param doc the document
     * @return the handle as written in the document (not validated), or empty
     */
    public static Optional<String> handle(Map<String, Object> doc) {
        Object aka = doc == null ? null : doc.get("alsoKnownAs");
        if (!(aka instanceof List)) {
            return Optional.empty();
        }
        for (Object entry : (List<?>) aka) {
            if (entry instanceof String && ((String) entry).startsWith("at://")) {
                return Optional.of(((String) entry).substring("at://".length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Map<?, ?>> entryWithId(Map<String, Object> doc, String field, String name) {
        Object list = doc == null ? null : doc.get(field);
        if (!(list instanceof List)) {
            return Optional.empty();
        }
        String did = id(doc).orElse("");
        for (Object item : (List<?>) list) {
            if (item instanceof Map) {
                Object id = ((Map<?, ?>) item).get("id");
                if (("#" + name).equals(id) || (did + "#" + name).equals(id)) {
                    return Optional.of((Map<?, ?>) item);
                }
            }
        }
        return Optional.empty();
    }
}
