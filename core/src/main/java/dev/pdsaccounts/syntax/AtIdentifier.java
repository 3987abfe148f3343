package dev.pdsaccounts.syntax;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.util.Optional;

/**
 * An atproto {@code at-identifier}: either a {@link Did} or a {@link Handle}. Input starting with {@code did:} is
 * read as a DID (and must then be a valid one), anything else as a handle, as the reference's
 * {@code ensureValidAtIdentifier} does. A handle is held normalised (lower-case); a DID exactly as given.
 */
public final class AtIdentifier {
    private final Did did;
    private final Handle handle;

    private AtIdentifier(Did did, Handle handle) {
        this.did = did;
        this.handle = handle;
    }

    /**
     * Validates {@code input} as a DID or a handle.
     *
     * @param input the identifier as given; {@code null} is invalid input
     * @return the identifier
     * @throws LexiconException {@code InvalidRequest} "Invalid AT identifier: ..." naming the problem
     */
    public static AtIdentifier parse(String input) {
        if (input != null && input.startsWith("did:")) {
            String problem = Did.problem(input);
            if (problem != null) {
                throw invalid(problem);
            }
            return new AtIdentifier(Did.parse(input), null);
        }
        String problem = Handle.problem(input);
        if (problem != null) {
            throw invalid(problem);
        }
        return new AtIdentifier(null, Handle.parse(input));
    }

    /**
     * Whether {@code input} is a valid DID or handle.
     *
     * @param input the candidate; {@code null} gives {@code false}
     * @return {@code true} when {@link #parse(String)} would succeed
     */
    public static boolean isValid(String input) {
        if (input != null && input.startsWith("did:")) {
            return Did.isValid(input);
        }
        return Handle.isValid(input);
    }

    /**
     * Whether this identifier is a DID.
     *
     * @return {@code true} for a DID
     */
    public boolean isDid() {
        return did != null;
    }

    /**
     * Whether this identifier is a handle.
     *
     * @return {@code true} for a handle
     */
    public boolean isHandle() {
        return handle != null;
    }

    /**
     * The DID, when this is one.
     *
     * @return the DID, or empty for a handle
     */
    public Optional<Did> asDid() {
        return Optional.ofNullable(did);
    }

    /**
     * The handle, when this is one.
     *
     * @return the handle, or empty for a DID
     */
    public Optional<Handle> asHandle() {
        return Optional.ofNullable(handle);
    }

    /**
     * The identifier's string: the DID as given, or the normalised handle.
     *
     * @return the identifier string
     */
    public String value() {
        return did != null ? did.value() : handle.value();
    }

    /**
     * The identifier's string, as {@link #value()}.
     *
     * @return the identifier string
     */
    @Override
    public String toString() {
        return value();
    }

    /** Equal when both are the same DID or the same normalised handle. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AtIdentifier && ((AtIdentifier) o).value().equals(value());
    }

    /** Hash of the identifier string. */
    @Override
    public int hashCode() {
        return value().hashCode();
    }

    private static LexiconException invalid(String problem) {
        return new LexiconException(LexiconError.INVALID_REQUEST, "Invalid AT identifier: " + problem);
    }
}
