package dev.pdsaccounts.invite;

import dev.pdsaccounts.account.Account;
import java.util.Optional;
import java.util.List;
import java.util.Objects;

/**
 * A code with its use records, the shape of {@code com.atproto.server.defs#inviteCode}.
 *
 * @param code the code
 * @param uses its uses, oldest first
 */
public record InviteCodeDetails(InviteCode code, List<InviteCodeUse> uses) {
    /**
     * Copies the list.
     *
     * @param code the code
     * @param uses its uses, oldest first
     * @throws NullPointerException if a component is null
     */
    public InviteCodeDetails {
        Objects.requireNonNull(code, "code");
        uses = List.copyOf(uses);
    }

    /**
     * Whether the code can be used now, the one availability rule: not disabled, fewer uses than
     * {@code availableUses}, and the account it was issued to ({@code forAccount}) not taken down. Admin codes
     * and codes whose account no longer exists have no issuer to check.
     *
     * @param issuer the account named in {@code forAccount}, if there is one
     * @return whether a sign-up may record a use of this code
     */
    public boolean isAvailable(Optional<Account> issuer) {
        return !code.disabled() && !isUsedUp() && issuer.map(a -> !a.isTakenDown()).orElse(true);
    }

    /** {@return whether every use is spent} */
    public boolean isUsedUp() {
        return uses.size() >= code.availableUses();
    }
}
