package dev.pdsaccounts.invite;

import java.util.List;
import java.util.Objects;

/**
 * A code with its use records, the shape of {@code com.atproto.server.defs#inviteCode}.
 *
 * @param code the code
 * @param uses its uses, oldest first
 */
public record InviteCodeDetails(InviteCode code, List<InviteCodeUse> uses) {
    /** Copies the list. */
    public InviteCodeDetails {
        Objects.requireNonNull(code, "code");
        uses = List.copyOf(uses);
    }

    /** Whether every use is spent. */
    public boolean isUsedUp() {
        return uses.size() >= code.availableUses();
    }
}
