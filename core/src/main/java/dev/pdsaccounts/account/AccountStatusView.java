package dev.pdsaccounts.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's status as this library knows it: the status the lexicons report ({@code active}, {@code status})
 * and the part of {@code com.atproto.server.checkAccountStatus} that does not concern the repository.
 *
 * @param did           the account's DID
 * @param status        the derived status (takedown wins over deactivation; {@link AccountStatus#DELETED} when
 *                      there is no such account)
 * @param deactivatedAt when it was deactivated, while deactivated
 * @param takenDown     whether a takedown reference is set (the reference itself is for admins only)
 * @param activated     {@code checkAccountStatus.activated}: the account exists and is not deactivated
 * @param validDid      {@code checkAccountStatus.validDid}: the DID document names this PDS as endpoint and the
 *                      account's signing key, and (did:plc) lists the PDS rotation key
 */
public record AccountStatusView(String did, AccountStatus status, Optional<Instant> deactivatedAt, boolean takenDown,
                                boolean activated, boolean validDid) {
    /**
     * Validates presence.
     *
     * @param did           the account's DID
     * @param status        the derived status (takedown wins over deactivation; {@link AccountStatus#DELETED} when
     *                      there is no such account)
     * @param deactivatedAt when it was deactivated, while deactivated
     * @param takenDown     whether a takedown reference is set (the reference itself is for admins only)
     * @param activated     {@code checkAccountStatus.activated}: the account exists and is not deactivated
     * @param validDid      {@code checkAccountStatus.validDid}: the DID document names this PDS as endpoint and the
     *                      account's signing key, and (did:plc) lists the PDS rotation key
     * @throws NullPointerException if a component is null
     */
    public AccountStatusView {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
    }

    /**
     * The lexicons' {@code active} flag.
     *
     * @return whether the status is {@link AccountStatus#ACTIVE}
     */
    public boolean active() {
        return status.isActive();
    }
}
