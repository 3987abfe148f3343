package dev.pdsaccounts.invite;

import java.util.List;
import java.util.Objects;

/**
 * The codes made for one account by {@code createInviteCodes} ({@code com.atproto.server.createInviteCodes#accountCodes}).
 *
 * @param account the DID, or {@code "admin"}
 * @param codes   the new codes
 */
public record AccountCodes(String account, List<String> codes) {
    /**
     * Copies the list.
     *
     * @param account the DID, or {@code "admin"}
     * @param codes   the new codes
     * @throws NullPointerException if a component is null
     */
    public AccountCodes {
        Objects.requireNonNull(account, "account");
        codes = List.copyOf(codes);
    }
}
