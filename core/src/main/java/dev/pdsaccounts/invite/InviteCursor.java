package dev.pdsaccounts.invite;

import java.util.Objects;

/**
 * A keyset position in the admin listing: the last row's primary key (epoch ms for {@link InviteSort#RECENT},
 * use count for {@link InviteSort#USAGE}) and its code. The next page holds rows strictly after it in
 * descending {@code (primary, code)} order.
 *
 * @param primary the sort key of the last row returned
 * @param code    the code of the last row returned
 */
public record InviteCursor(long primary, String code) {
    /**
     * Validates presence.
     *
     * @param primary the sort key of the last row returned
     * @param code    the code of the last row returned
     * @throws NullPointerException if a component is null
     */
    public InviteCursor {
        Objects.requireNonNull(code, "code");
    }
}
