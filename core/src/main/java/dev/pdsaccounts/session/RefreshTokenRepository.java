package dev.pdsaccounts.session;

import dev.pdsaccounts.lookup.Lookup;
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
     * The rows the lookup names: the one with that id, or every row of that account (expired ones included),
     * ordered by {@code expiresAt}, then id. Inside a transaction, a lookup by id locks the row.
     *
     * @param key the field compared and its value
     * @return the rows, possibly none
     */
    List<RefreshToken> findRefreshTokens(Lookup<RefreshTokenField> key);

    /**
     * {@return the row with this id} Inside a transaction, locks it. Stores need not implement it: it is
     * {@link #findRefreshTokens} by {@link RefreshTokenField#ID}.
     *
     * @param id the refresh token's id (its {@code jti})
     */
    default Optional<RefreshToken> findRefreshToken(String id) {
        // On every refresh: no stream pipeline for a list of at most one row.
        List<RefreshToken> rows = findRefreshTokens(new Lookup<>(RefreshTokenField.ID, id));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

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
     * {@return every row of the account, expired ones included} Stores need not implement it: it is
     * {@link #findRefreshTokens} by {@link RefreshTokenField#ACCOUNT}.
     *
     * @param did the account's DID
     */
    default List<RefreshToken> refreshTokensOf(String did) {
        return findRefreshTokens(new Lookup<>(RefreshTokenField.ACCOUNT, did));
    }

    /**
     * The table's one delete: removes the account's rows whose id is in {@code ids} and, when {@code expiredBy}
     * is given, also every row of the account whose {@code expiresAt} is at or before it (the expiry sweep; the
     * domain decides the instant). Rows of other accounts are never touched, whatever {@code ids} holds.
     *
     * @param did       the account's DID
     * @param ids       the refresh token ids to delete, possibly none
     * @param expiredBy when given, the account's rows expiring at or before this instant go too
     * @return how many rows were deleted
     */
    int deleteRefreshTokens(String did, Collection<String> ids, Optional<Instant> expiredBy);
}
