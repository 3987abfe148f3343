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
    /** Validates presence. */
    public SubjectStatus {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(takedown, "takedown");
        Objects.requireNonNull(deactivated, "deactivated");
    }
}
