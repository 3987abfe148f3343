package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Store port for refresh-token rows. Each method is atomic. Implementations MUST NOT return null.
 */
public interface RefreshTokens {

    /** Inserts a row; does nothing if a row with that id exists. */
    void insertRefreshToken(RefreshToken token);

    /** The row with this id. */
    Optional<RefreshToken> findRefreshToken(String id);

    /**
     * Compare-and-set rotation: if the row {@code id} exists and its {@code nextId} is empty or equals
     * {@code successor.id()}, set its {@code expiresAt} to {@code graceExpiresAt} and its {@code nextId} to
     * {@code successor.id()}, and insert {@code successor} unless a row with its id exists, in one step.
     */
    RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor);

    /** Deletes the account's rows with {@code expiresAt <= now}; returns how many. */
    int deleteExpiredRefreshTokens(String did, Instant now);

    /** Deletes one row; returns whether it existed. */
    boolean deleteRefreshToken(String id);

    /** Deletes every row of the account; returns how many. */
    int deleteRefreshTokensOf(String did);

    /** Every row of the account. */
    List<RefreshToken> refreshTokensOf(String did);
}
