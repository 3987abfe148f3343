package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port to a did:plc directory (by default {@code https://plc.directory}): submit signed operations, read the
 * DID document, the latest operation and the audit log.
 *
 * <p>Contract for implementations: never return {@code null} (use {@link Optional#empty()} or an empty list);
 * report transport failures (unreachable, timeouts, 5xx) as {@link InfrastructureException} or a subclass; report
 * an operation the directory refuses (4xx) as {@link LexiconException} with {@code IncompatibleDidDoc} and the
 * directory's reason. Implementations must be safe for concurrent use. Maps are JSON-like values as
 * {@link DagCbor} accepts them.
 */
public interface PlcDirectory {
    /**
     * Submits a signed operation ({@code POST /<did>}): a genesis operation creating {@code did}, an update, or a
     * tombstone.
     *
     * @param did the DID the operation belongs to
     * @param signedOp the signed operation
     * @throws LexiconException {@code IncompatibleDidDoc} if the directory refuses the operation
     * @throws InfrastructureException if the directory cannot be reached or fails
     */
    void submit(String did, Map<String, Object> signedOp);

    /**
     * The DID document ({@code GET /<did>}).
     *
     * @param did the DID
     * @return the document, or empty if the DID is unknown or tombstoned
     * @throws InfrastructureException if the directory cannot be reached or fails
     */
    Optional<Map<String, Object>> resolveDocument(String did);

    /**
     * The latest current operation ({@code GET /<did>/log/last}), a tombstone included.
     *
     * @param did the DID
     * @return the signed operation, or empty if the DID is unknown
     * @throws InfrastructureException if the directory cannot be reached or fails
     */
    Optional<Map<String, Object>> lastOperation(String did);

    /**
     * The audit log ({@code GET /<did>/log/audit}): entries {@code {did, operation, cid, nullified, createdAt}}
     * in creation order, nullified ones included.
     *
     * @param did the DID
     * @return the entries; empty if the DID is unknown
     * @throws InfrastructureException if the directory cannot be reached or fails
     */
    List<Map<String, Object>> auditLog(String did);
}
