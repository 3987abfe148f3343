package dev.pdsaccounts.invite;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the admin listing.
 *
 * @param codes the codes of this page
 * @param next  where the next page starts, empty when this is the last page
 */
public record InviteCodePage(List<InviteCodeDetails> codes, Optional<InviteCursor> next) {
    /**
     * Copies the list.
     *
     * @param codes the codes of this page
     * @param next  where the next page starts, empty when this is the last page
     * @throws NullPointerException if a component is null
     */
    public InviteCodePage {
        codes = List.copyOf(codes);
        Objects.requireNonNull(next, "next");
    }
}
