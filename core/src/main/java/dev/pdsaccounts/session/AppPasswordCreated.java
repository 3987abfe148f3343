package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The output of {@code com.atproto.server.createAppPassword}: the only time the plaintext password is shown.
 * {@link #toString()} leaves it out.
 *
 * @param name       the app password's name
 * @param password   the plaintext app password, {@code xxxx-xxxx-xxxx-xxxx}
 * @param createdAt  when it was created
 * @param privileged whether its sessions get the privileged scope
 */
public record AppPasswordCreated(String name, String password, Instant createdAt, boolean privileged) {
    /**
     * Validates presence.
     *
     * @param name       the app password's name
     * @param password   the plaintext app password, {@code xxxx-xxxx-xxxx-xxxx}
     * @param createdAt  when it was created
     * @param privileged whether its sessions get the privileged scope
     * @throws NullPointerException if a component is null
     */
    public AppPasswordCreated {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "AppPasswordCreated[name=" + name + ", createdAt=" + createdAt + ", privileged=" + privileged
                + ", password hidden]";
    }
}
