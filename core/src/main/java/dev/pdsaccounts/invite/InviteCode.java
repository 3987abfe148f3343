package dev.pdsaccounts.invite;

import java.time.Instant;
import java.util.Objects;

/**
 * An invite code as stored.
 *
 * @param code          the code ({@code <host-with-dashes>-xxxxx-xxxxx})
 * @param availableUses how many accounts it may create in total (the lexicon's {@code available})
 * @param disabled      disabled by an admin, or created disabled for an account whose invites are disabled
 * @param forAccount    the DID it was issued to, or {@code "admin"}
 * @param createdBy     the DID that earned it, or {@code "admin"}
 * @param createdAt     when it was created
 */
public record InviteCode(String code, int availableUses, boolean disabled, String forAccount, String createdBy,
                         Instant createdAt) {
    /** The issuer value of codes made by an administrator. */
    public static final String ADMIN = "admin";

    /**
     * Validates presence and a positive use count.
     *
     * @param code          the code ({@code <host-with-dashes>-xxxxx-xxxxx})
     * @param availableUses how many accounts it may create in total (the lexicon's {@code available})
     * @param disabled      disabled by an admin, or created disabled for an account whose invites are disabled
     * @param forAccount    the DID it was issued to, or {@code "admin"}
     * @param createdBy     the DID that earned it, or {@code "admin"}
     * @param createdAt     when it was created
     * @throws NullPointerException if a component is null
     */
    public InviteCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(forAccount, "forAccount");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (availableUses < 1) {
            throw new IllegalArgumentException("availableUses must be at least 1");
        }
    }

    /** {@return whether the code was earned by an account (not created by an admin)} */
    public boolean isEarned() {
        return !ADMIN.equals(createdBy);
    }
}
