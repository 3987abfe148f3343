package dev.pdsaccounts.identity;

import java.util.Optional;

/**
 * Port resolving a handle on a domain the service does not own to the DID it claims (DNS TXT
 * {@code _atproto.<handle>} {@code did=...}, or HTTPS {@code /.well-known/atproto-did}). Used when an account
 * takes such an external handle: the handle must resolve to the account's own DID.
 *
 * <p>Contract for implementations: thread-safe; never return {@code null}; answer {@link Optional#empty()} when
 * the handle does not resolve (no record, malformed answer); report transport failures as
 * {@link dev.pdsaccounts.error.InfrastructureException}. The default, {@link #NONE}, resolves nothing, so external
 * handles are refused until a host supplies a resolver.
 */
@FunctionalInterface
public interface HandleResolver {
    /** Resolves nothing: every external handle is refused. */
    HandleResolver NONE = handle -> Optional.empty();

    /**
     * The DID a handle points at.
     *
     * @param handle the normalised (lower-case) handle
     * @return the DID, or empty when the handle does not resolve
     */
    Optional<String> resolve(String handle);
}
