/**
 * Identity: the building blocks of atproto identities and the identity use cases.
 *
 * <ul>
 *   <li>Encodings ({@link dev.pdsaccounts.identity.Multibase}), deterministic DAG-CBOR
 *       ({@link dev.pdsaccounts.identity.DagCbor}), CIDs ({@link dev.pdsaccounts.identity.Cid}) and a strict,
 *       bounded JSON codec ({@link dev.pdsaccounts.identity.Json}).</li>
 *   <li>secp256k1 / P-256 keys with low-S ECDSA and did:key ({@link dev.pdsaccounts.identity.SigningKeyPair},
 *       {@link dev.pdsaccounts.identity.PublicKey}); service-auth JWTs signed with them
 *       ({@link dev.pdsaccounts.identity.ServiceAuth}).</li>
 *   <li>did:plc operations and audit-log validation ({@link dev.pdsaccounts.identity.PlcOperations},
 *       {@link dev.pdsaccounts.identity.PlcAuditLog}); the {@link dev.pdsaccounts.identity.PlcDirectory} port
 *       with an in-memory implementation for development (the HTTP one is in the {@code identity-http}
 *       module).</li>
 *   <li>Resolution ports: {@link dev.pdsaccounts.identity.DidResolver} (over the PLC directory port here;
 *       HTTP for did:plc and did:web in {@code identity-http}) and {@link dev.pdsaccounts.identity.HandleResolver}
 *       (combined here; DNS TXT and HTTPS well-known in {@code identity-http}).</li>
 *   <li>Use cases: DID import and entryway-style creation ({@link dev.pdsaccounts.service.identity.AccountImport}, behind
 *       {@code AccountService.createAccount}) and {@link dev.pdsaccounts.service.identity.IdentityService}
 *       (reserveSigningKey, getServiceAuth, getRecommendedDidCredentials, activateAccount, resolveHandle), with
 *       the {@link dev.pdsaccounts.identity.SigningKeyRepository} store port.</li>
 * </ul>
 *
 * <p>Every public method reports bad input with a {@link dev.pdsaccounts.error.LexiconException}
 * ({@code InvalidRequest} for malformed values, {@code IncompatibleDidDoc} for PLC operations and logs that a
 * directory would refuse, {@code UnresolvableDid} for DIDs that cannot be resolved, {@code AuthenticationRequired}
 * for service-auth tokens that do not verify); no other runtime exception escapes for bad input. Adapter
 * builders refuse bad settings with {@link java.lang.IllegalArgumentException}, as the configuration does.
 * Private keys never appear in {@code toString()} output or exception messages.
 */
package dev.pdsaccounts.identity;
