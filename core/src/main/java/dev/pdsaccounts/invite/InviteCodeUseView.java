package dev.pdsaccounts.invite;

import java.time.Instant;
import java.util.Objects;

/**
 * One use of a code as the lexicons show it ({@code com.atproto.server.defs#inviteCodeUse}).
 *
 * @param usedBy the DID of the account the code created
 * @param usedAt when
 */
public record InviteCodeUseView(String usedBy, Instant usedAt) {
    /**
     * Validates presence.
     *
     * @param usedBy the DID of the account the code created
     * @param usedAt when
     * @throws NullPointerException if a component is null
     */
    public InviteCodeUseView {
        Objects.requireNonNull(usedBy, "usedBy");
        Objects.requireNonNull(usedAt, "usedAt");
    }

    /**
     * The view of a stored use.
     *
     * @param use the stored use record
     * @return its view
     */
    public static InviteCodeUseView of(InviteCodeUse use) {
        return new InviteCodeUseView(use.usedBy(), use.usedAt());
    }
}
