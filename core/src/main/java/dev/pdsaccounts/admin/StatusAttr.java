package dev.pdsaccounts.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code com.atproto.admin.defs#statusAttr}: whether a status is applied, with its reference.
 *
 * @param applied whether the status is in force
 * @param ref     the reference (the takedown reference while taken down; otherwise empty)
 */
public record StatusAttr(boolean applied, Optional<String> ref) {
    /**
     * Validates presence.
     *
     * @param applied whether the status is in force
     * @param ref     the reference (the takedown reference while taken down; otherwise empty)
     * @throws NullPointerException if a component is null
     */
    public StatusAttr {
        Objects.requireNonNull(ref, "ref");
    }
}
