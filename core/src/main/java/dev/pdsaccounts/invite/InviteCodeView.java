package dev.pdsaccounts.invite;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An invite code as the lexicons show it ({@code com.atproto.server.defs#inviteCode}), the element of
 * {@code getAccountInviteCodes}, {@code admin.getInviteCodes} and the admin {@code accountView}.
 *
 * @param code       the code
 * @param available  how many accounts it may create in total ({@code availableUses}; not the remaining count,
 *                   as the reference)
 * @param disabled   whether it is disabled
 * @param forAccount the DID it was issued to, or {@code "admin"}
 * @param createdBy  the DID that earned it, or {@code "admin"}
 * @param createdAt  when it was created
 * @param uses       its uses, oldest first
 */
public record InviteCodeView(String code, int available, boolean disabled, String forAccount, String createdBy,
                             Instant createdAt, List<InviteCodeUseView> uses) {
    /**
     * Validates presence and copies the list.
     *
     * @param code       the code
     * @param available  how many accounts it may create in total ({@code availableUses}; not the remaining count,
     *                   as the reference)
     * @param disabled   whether it is disabled
     * @param forAccount the DID it was issued to, or {@code "admin"}
     * @param createdBy  the DID that earned it, or {@code "admin"}
     * @param createdAt  when it was created
     * @param uses       its uses, oldest first
     * @throws NullPointerException if a component is null
     */
    public InviteCodeView {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(forAccount, "forAccount");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        uses = List.copyOf(uses);
    }

    /**
     * The view of a stored code with its uses.
     *
     * @param details the stored code with its uses
     * @return its view
     */
    public static InviteCodeView of(InviteCodeDetails details) {
        InviteCode c = details.code();
        return new InviteCodeView(c.code(), c.availableUses(), c.disabled(), c.forAccount(), c.createdBy(),
                c.createdAt(), details.uses().stream().map(InviteCodeUseView::of).toList());
    }

    /** {@return whether every use is spent ({@code uses.size() >= available})} */
    public boolean isUsedUp() {
        return uses.size() >= available;
    }
}
