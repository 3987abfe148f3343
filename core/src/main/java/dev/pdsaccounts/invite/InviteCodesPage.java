package dev.pdsaccounts.invite;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@code com.atproto.admin.getInviteCodes}.
 *
 * @param codes  the codes of this page
 * @param cursor the {@code cursor} to pass for the next page ({@code <primary>::<code>}), empty on the last page
 */
public record InviteCodesPage(List<InviteCodeView> codes, Optional<String> cursor) {
    /**
     * Copies the list.
     *
     * @param codes  the codes of this page
     * @param cursor the {@code cursor} to pass for the next page ({@code <primary>::<code>}), empty on the last page
     * @throws NullPointerException if a component is null
     */
    public InviteCodesPage {
        codes = List.copyOf(codes);
        Objects.requireNonNull(cursor, "cursor");
    }
}
