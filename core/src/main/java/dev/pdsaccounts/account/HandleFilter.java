package dev.pdsaccounts.account;

import java.util.Optional;

/**
 * An extra, pluggable handle check run by {@link HandlePolicy} after syntax and TLD checks (the reference PDS
 * uses one for offensive words). A rejection makes the policy fail with {@code InvalidHandle} "Inappropriate
 * language in handle"; the reason is for the host's logs only and never reaches the caller.
 */
@FunctionalInterface
public interface HandleFilter {
    /** A filter that accepts every handle. */
    HandleFilter NONE = normalizedHandle -> Optional.empty();

    /**
     * Decides whether a handle is refused.
     *
     * @param normalizedHandle a syntactically valid, lower-case handle
     * @return a reason when the handle is refused, else empty
     */
    Optional<String> reject(String normalizedHandle);
}
