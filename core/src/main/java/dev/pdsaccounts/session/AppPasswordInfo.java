package dev.pdsaccounts.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of {@code com.atproto.server.listAppPasswords}: what an app password is, never its secret.
 *
 * @param name       the app password's name
 * @param createdAt  when it was created
 * @param privileged whether its sessions get the privileged scope
 */
public record AppPasswordInfo(String name, Instant createdAt, boolean privileged) {
    /**
     * Validates presence.
     *
     * @param name       the app password's name
     * @param createdAt  when it was created
     * @param privileged whether its sessions get the privileged scope
     * @throws NullPointerException if a component is null
     */
    public AppPasswordInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
