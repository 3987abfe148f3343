package dev.pdsaccounts.admin;

import java.util.Objects;

/**
 * The output of {@code com.atproto.admin.getSubjectStatus} for an account ({@code #repoRef} subject).
 *
 * @param did         the account
 * @param takedown    taken down or not, with the takedown reference
 * @param deactivated deactivated or not
 */
public record SubjectStatus(String did, StatusAttr takedown, StatusAttr deactivated) {
    /**
     * Validates presence.
     *
     * @param did         the account
     * @param takedown    taken down or not, with the takedown reference
     * @param deactivated deactivated or not
     * @throws NullPointerException if a component is null
     */
    public SubjectStatus {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(takedown, "takedown");
        Objects.requireNonNull(deactivated, "deactivated");
    }
}
