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
 *       with in-memory and HTTP implementations.</li>
 *   <li>Resolution ports with adapters: {@link dev.pdsaccounts.identity.DidResolver} (over the PLC directory
 *       port, or HTTP for did:plc and did:web) and {@link dev.pdsaccounts.identity.HandleResolver} (DNS TXT,
 *       HTTPS well-known, combined); every network adapter has timeouts and size caps and never hangs.</li>
 *   <li>Use cases: DID import and entryway-style creation ({@link dev.pdsaccounts.service.identity.AccountImport}, behind
 *       {@code AccountService.createAccount}) and {@link dev.pdsaccounts.service.identity.IdentityService}
 *       (reserveSigningKey, getServiceAuth, getRecommendedDidCredentials, activateAccount, resolveHandle), with
 *       the {@link dev.pdsaccounts.identity.SigningKeyReservations} store port.</li>
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
