package dev.pdsaccounts.xrpc.lexicon;

/**
 * A value does not match its lexicon schema. The message is the reference's wording with the path of the
 * offending value, e.g. {@code Input/useCount must be an integer}; it never contains the value itself.
 */
public final class LexiconValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * With the path-prefixed message.
     *
     * @param message where the value fails its lexicon and why, e.g. {@code "Input/handle must be a string"}
     */
    public LexiconValidationException(String message) {
        super(message, null, false, false);
    }
}
