package dev.pdsaccounts.invite;

import java.time.Instant;
import java.util.Objects;

/**
 * One account created with a code ({@code com.atproto.server.defs#inviteCodeUse}).
 *
 * @param code   the code
 * @param usedBy the DID of the account it created ({@code did:deleted:...} once that account was deleted)
 * @param usedAt when
 */
public record InviteCodeUse(String code, String usedBy, Instant usedAt) {
    /** Validates presence. */
    public InviteCodeUse {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(usedBy, "usedBy");
        Objects.requireNonNull(usedAt, "usedAt");
    }
}
