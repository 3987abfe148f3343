package dev.pdsaccounts.service.identity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields {@code signPlcOperation} replaces in the DID's last operation; an empty one is copied.
 *
 * @param rotationKeys        did:keys, highest priority first
 * @param alsoKnownAs         URIs, the handle first as {@code at://<handle>}
 * @param verificationMethods id → did:key (e.g. {@code atproto})
 * @param services            id → {@code {type, endpoint}} (e.g. {@code atproto_pds})
 */
public record PlcOperationFields(Optional<List<Object>> rotationKeys, Optional<List<Object>> alsoKnownAs,
                                 Optional<Map<String, Object>> verificationMethods,
                                 Optional<Map<String, Object>> services) {
    /** Nothing replaced. */
    public static final PlcOperationFields NONE =
            new PlcOperationFields(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Validates presence and copies.
     *
     * @param rotationKeys        did:keys, highest priority first
     * @param alsoKnownAs         URIs, the handle first as {@code at://<handle>}
     * @param verificationMethods id → did:key (e.g. {@code atproto})
     * @param services            id → {@code {type, endpoint}} (e.g. {@code atproto_pds})
     * @throws NullPointerException if a component is null
     */
    public PlcOperationFields {
        Objects.requireNonNull(rotationKeys, "rotationKeys");
        Objects.requireNonNull(alsoKnownAs, "alsoKnownAs");
        Objects.requireNonNull(verificationMethods, "verificationMethods");
        Objects.requireNonNull(services, "services");
    }
}
