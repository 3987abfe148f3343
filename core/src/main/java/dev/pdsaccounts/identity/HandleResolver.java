package dev.pdsaccounts.identity;

import java.util.Optional;

/**
 * Port: resolves a handle to the DID it claims (DNS TXT {@code _atproto.<handle>} or HTTPS
 * {@code /.well-known/atproto-did}). Adapters: {@code DnsHandleResolver} and {@code HttpsHandleResolver} (module
 * {@code identity-http}) and {@link CombinedHandleResolver}. Implementations answer {@link Optional#empty()} when the handle does not
 * resolve, including on network failures, never {@code null}, and are safe for concurrent use.
 */
@FunctionalInterface
public interface HandleResolver {
    /** Resolves nothing: every handle is unresolvable (the default when the host configures none). */
    HandleResolver NONE = h -> Optional.empty();

    /**
     * The DID the handle claims.
     *
     * @param handle a normalised handle
     * @return the DID, or empty when the handle does not resolve
     */
    Optional<String> resolve(String handle);
}
