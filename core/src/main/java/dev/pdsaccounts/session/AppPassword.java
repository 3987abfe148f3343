package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Objects;

/**
 * An app password as stored: only its hash, never the secret.
 *
 * @param did          the account
 * @param name         unique per account
 * @param passwordHash the hash (reference scrypt with the per-account salt, or another supported format)
 * @param createdAt    when it was created
 * @param privileged   whether sessions made with it get the privileged scope
 */
public record AppPassword(String did, String name, String passwordHash, Instant createdAt, boolean privileged) {
    /**
     * Validates presence.
     *
     * @param did          the account
     * @param name         unique per account
     * @param passwordHash the hash (reference scrypt with the per-account salt, or another supported format)
     * @param createdAt    when it was created
     * @param privileged   whether sessions made with it get the privileged scope
     * @throws NullPointerException if a component is null
     */
    public AppPassword {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "AppPassword[did=" + did + ", name=" + name + ", createdAt=" + createdAt + ", privileged="
                + privileged + "]";
    }
}
