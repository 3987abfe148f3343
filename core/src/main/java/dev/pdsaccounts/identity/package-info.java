/**
 * Identity: the building blocks of atproto identities. Encodings ({@link dev.pdsaccounts.identity.Multibase}),
 * deterministic DAG-CBOR ({@link dev.pdsaccounts.identity.DagCbor}) and CIDs ({@link dev.pdsaccounts.identity.Cid}),
 * secp256k1 / P-256 keys with low-S ECDSA and did:key ({@link dev.pdsaccounts.identity.SigningKeyPair},
 * {@link dev.pdsaccounts.identity.PublicKey}), did:plc operations and audit-log validation
 * ({@link dev.pdsaccounts.identity.PlcOperations}, {@link dev.pdsaccounts.identity.PlcAuditLog}) and the
 * {@link dev.pdsaccounts.identity.PlcDirectory} port with an in-memory implementation.
 *
 * <p>Every public method reports bad input with a {@link dev.pdsaccounts.error.LexiconException}
 * ({@code InvalidRequest} for malformed values, {@code IncompatibleDidDoc} for PLC operations and logs that a
 * directory would refuse); no other runtime exception escapes for bad input. Private keys never appear in
 * {@code toString()} output or exception messages.
 */
package dev.pdsaccounts.identity;
