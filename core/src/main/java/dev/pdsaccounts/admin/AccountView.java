package dev.pdsaccounts.admin;

import dev.pdsaccounts.invite.InviteCodeDetails;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code com.atproto.admin.defs#accountView}: what an admin sees of an account.
 *
 * @param did              the DID
 * @param handle           the handle
 * @param email            the email
 * @param indexedAt        when the account was created
 * @param emailConfirmedAt when the email was confirmed
 * @param deactivatedAt    when it was deactivated, while deactivated
 * @param invitesDisabled  whether codes it earns are created disabled
 * @param invitedBy        the code it signed up with, with its uses
 * @param invites          the codes issued to it, with their uses, oldest first
 */
public record AccountView(String did, String handle, Optional<String> email, Instant indexedAt,
                          Optional<Instant> emailConfirmedAt, Optional<Instant> deactivatedAt, boolean invitesDisabled,
                          Optional<InviteCodeDetails> invitedBy, List<InviteCodeDetails> invites) {
    /**
     * Validates presence and copies the list.
     *
     * @param did              the DID
     * @param handle           the handle
     * @param email            the email
     * @param indexedAt        when the account was created
     * @param emailConfirmedAt when the email was confirmed
     * @param deactivatedAt    when it was deactivated, while deactivated
     * @param invitesDisabled  whether codes it earns are created disabled
     * @param invitedBy        the code it signed up with, with its uses
     * @param invites          the codes issued to it, with their uses, oldest first
     * @throws NullPointerException if a component is null
     */
    public AccountView {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(indexedAt, "indexedAt");
        Objects.requireNonNull(emailConfirmedAt, "emailConfirmedAt");
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
        Objects.requireNonNull(invitedBy, "invitedBy");
        invites = List.copyOf(invites);
    }
}
