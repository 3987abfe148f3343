package dev.pdsaccounts.error;

import java.util.Objects;

/**
 * The one family of expected failures of every use case: a lexicon error name, an HTTP status and a
 * reference-compatible message. Bad user input always ends here, never in another exception type.
 *
 * <p>Messages never contain secrets (passwords, hashes, tokens); they may contain the handle or email the
 * caller sent, as the reference PDS's do.
 */
public class LexiconException extends PdsAccountsException {
    private static final long serialVersionUID = 1L;

    /** The catalogue entry: the XRPC error name and its default status. */
    private final LexiconError error;
    /** The HTTP status this error is answered with. */
    private final int status;

    /**
     * An error with the catalogue's default status.
     *
     * @param error   the catalogue entry
     * @param message the reference's message for this case; never a secret
     */
    public LexiconException(LexiconError error, String message) {
        this(error, error.status(), message);
    }

    /**
     * An error with an explicit status (e.g. {@code AccountNotFound} as 403 from the auth layer).
     *
     * @param error   the catalogue entry
     * @param status  the HTTP status to answer with
     * @param message the reference's message for this case; never a secret
     */
    public LexiconException(LexiconError error, int status, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.status = status;
    }

    /**
     * Shorthand for a generic {@code InvalidRequest} with a message.
     *
     * @param message what is wrong with the input
     * @return the exception, to be thrown
     */
    public static LexiconException invalidRequest(String message) {
        return new LexiconException(LexiconError.INVALID_REQUEST, message);
    }

    /** {@return the catalogue entry} */
    public LexiconError error() {
        return error;
    }

    /** {@return the XRPC error name (what goes into the {@code error} field)} */
    public String errorName() {
        return error.errorName();
    }

    /** {@return the HTTP status this error is answered with} */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "LexiconException[" + error.errorName() + " " + status + ": " + getMessage() + "]";
    }
}
