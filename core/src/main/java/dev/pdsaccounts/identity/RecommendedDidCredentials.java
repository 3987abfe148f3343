package dev.pdsaccounts.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The output of {@code com.atproto.identity.getRecommendedDidCredentials}: what an account's DID document
 * should say for this service to host it.
 *
 * @param rotationKeys the did:keys this service needs among the PLC rotation keys (server recovery key first
 *     when configured, then the PLC rotation key)
 * @param alsoKnownAs {@code ["at://<handle>"]}
 * @param verificationMethods {@code {"atproto": <the account's signing key did:key>}}
 * @param services {@code {"atproto_pds": {"type": "AtprotoPersonalDataServer", "endpoint": <public URL>}}}
 */
public record RecommendedDidCredentials(List<String> rotationKeys, List<String> alsoKnownAs,
                                        Map<String, String> verificationMethods,
                                        Map<String, Map<String, String>> services) {
    /**
     * Validates presence and freezes the collections.
     *
     * @param rotationKeys        the did:keys this service needs among the PLC rotation keys (server recovery key first
     *                            when configured, then the PLC rotation key)
     * @param alsoKnownAs         {@code ["at://<handle>"]}
     * @param verificationMethods {@code {"atproto": <the account's signing key did:key>}}
     * @param services            {@code {"atproto_pds": {"type": "AtprotoPersonalDataServer", "endpoint": <public URL>}}}
     * @throws NullPointerException if a component is null
     */
    public RecommendedDidCredentials {
        rotationKeys = List.copyOf(Objects.requireNonNull(rotationKeys, "rotationKeys"));
        alsoKnownAs = List.copyOf(Objects.requireNonNull(alsoKnownAs, "alsoKnownAs"));
        verificationMethods = Map.copyOf(Objects.requireNonNull(verificationMethods, "verificationMethods"));
        services = Map.copyOf(Objects.requireNonNull(services, "services"));
    }

    /**
     * The lexicon output as a JSON-like map (field order as the reference).
     *
     * @return a fresh map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rotationKeys", rotationKeys);
        out.put("alsoKnownAs", alsoKnownAs);
        out.put("verificationMethods", verificationMethods);
        out.put("services", services);
        return out;
    }
}
