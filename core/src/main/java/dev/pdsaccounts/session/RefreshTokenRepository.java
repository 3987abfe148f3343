package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of refresh-token rows, part of {@link dev.pdsaccounts.store.AccountStore}. Plain storage except
 * {@link #rotateRefreshToken}, a compare-and-set whose atomic step is the data operation itself; the rotation
 * rule (grace period, stable successor id, what a conflict means) is the domain's.
 */
public interface RefreshTokenRepository {

    /**
     * Inserts a row; does nothing if a row with that id exists.
     *
     * @param token the refresh token's row
     */
    void insertRefreshToken(RefreshToken token);

    /**
     * The row with this id. Inside a transaction, locks it.
     *
     * @param id the refresh token's id (its {@code jti})
     * @return the row, or empty
     */
    Optional<RefreshToken> findRefreshToken(String id);

    /**
     * Compare-and-set: if the row {@code id} exists and its {@code nextId} is empty or equals
     * {@code successor.id()}, sets its {@code expiresAt} to {@code graceExpiresAt} and its {@code nextId} to
     * {@code successor.id()}, and inserts {@code successor} unless a row with its id exists, in one atomic step.
     *
     * @return {@code Rotated}; {@code NotFound} when the row is gone; {@code NextIdConflict} with the row's
     *         successor id when it already names another one (nothing is written then)
     *
     * @param id             the rotated token's id
     * @param graceExpiresAt its new, shorter expiry (the end of the grace window)
     * @param successor      the new token's row
     */
    RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor);

    /**
     * Every row of the account.
     *
     * @param did the account's DID
     * @return the rows, expired ones included, possibly none
     */
    List<RefreshToken> refreshTokensOf(String did);

    /**
     * Deletes the account's rows whose {@code expiresAt} is at or before {@code cutoff} (one statement; the domain
     * decides the cutoff). Returns how many.
     *
     * @param did    the account's DID
     * @param cutoff rows expiring at or before this instant are deleted
     * @return how many were deleted
     */
    int deleteRefreshTokensExpiredBy(String did, Instant cutoff);

    /**
     * Deletes the rows with these ids.
     *
     * @param ids the refresh token ids
     * @return how many existed
     */
    int deleteRefreshTokens(Collection<String> ids);
}
