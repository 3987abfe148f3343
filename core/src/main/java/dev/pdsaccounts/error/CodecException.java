package dev.pdsaccounts.error;

import java.util.Objects;

/**
 * A codec could not read or write a value: malformed JSON, a character outside a base alphabet, non-canonical
 * DAG-CBOR, an unsupported did:key. Not a lexicon error by itself: the use case that called the codec decides
 * what it means (usually {@code InvalidRequest} with the codec's message, via {@link #toInvalidRequest()};
 * sometimes {@code InvalidToken}, {@code IncompatibleDidDoc} or a specific message).
 *
 * <p>Messages name the defect and never repeat the input (it may be key material or a token).
 */
public class CodecException extends PdsAccountsException {
    private static final long serialVersionUID = 1L;

    /**
     * A codec failure.
     *
     * @param message what is wrong, without the input itself
     */
    public CodecException(String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
    }

    /**
     * The lexicon error a codec failure becomes where bad input has no more specific meaning:
     * {@code InvalidRequest} (400) with this message. The one place that mapping is written.
     *
     * @return the lexicon error to throw
     */
    public LexiconException toInvalidRequest() {
        return LexiconException.invalidRequest(getMessage());
    }
}
