package dev.pdsaccounts.session;

/** Outcome of the compare-and-set rotation of a refresh token. */
public sealed interface RotateResult {
    /** The old row now points at the successor, whose row exists (inserted now or by a concurrent rotation). */
    record Rotated() implements RotateResult {}

    /** Another rotation chose a different successor first; retry with this one. */
    record NextIdConflict(String existingNextId) implements RotateResult {}

    /** The old row no longer exists (revoked or swept). */
    record NotFound() implements RotateResult {}
}
