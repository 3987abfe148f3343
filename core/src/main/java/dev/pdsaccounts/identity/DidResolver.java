package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.util.Map;
import java.util.Optional;

/**
 * Port: resolves a DID to its DID document (a JSON-like map: {@code id}, {@code alsoKnownAs},
 * {@code verificationMethod}, {@code service}). Adapters: {@link PlcDirectoryDidResolver} over the
 * {@link PlcDirectory} port (the default) and {@code HttpDidResolver} (module {@code identity-http}) for did:plc and did:web over HTTP.
 *
 * <p>Contract for implementations: never return {@code null}; answer {@link Optional#empty()} when the DID is
 * unknown, tombstoned or of an unsupported method; report a transport failure (unreachable, timeout, bad
 * status, oversized or malformed answer) as {@link LexiconException} {@code UnresolvableDid}
 * "Could not resolve DID: &lt;did&gt;" (see {@link #unresolvable(String)}), never as another exception and
 * never by blocking without a bound. Implementations must be safe for concurrent use.
 */
@FunctionalInterface
public interface DidResolver {
    /**
     * The DID document, possibly from a cache.
     *
     * @param did the DID (without fragment)
     * @return the document, or empty when the DID does not resolve
     * @throws LexiconException {@code UnresolvableDid} on a transport failure; {@code InvalidRequest} for a
     *     DID that is not syntactically valid
     */
    Optional<Map<String, Object>> resolve(String did);

    /**
     * The DID document read anew, bypassing any cache (used where a stale document would give a wrong
     * answer: activation, signature re-checks). The default is {@link #resolve(String)}.
     *
     * @param did the DID
     * @return the document, or empty when the DID does not resolve
     * @throws LexiconException as {@link #resolve(String)}
     */
    default Optional<Map<String, Object>> resolveFresh(String did) {
        return resolve(did);
    }

    /**
     * The transport-failure error of the contract.
     *
     * @param did the DID that could not be resolved
     * @return {@code UnresolvableDid} "Could not resolve DID: &lt;did&gt;"
     */
    static LexiconException unresolvable(String did) {
        return new LexiconException(LexiconError.UNRESOLVABLE_DID, "Could not resolve DID: " + did);
    }
}
