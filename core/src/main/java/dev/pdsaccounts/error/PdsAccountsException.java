package dev.pdsaccounts.error;

/**
 * The root of every exception this library throws on purpose. Three families sit under it:
 *
 * <ul>
 *   <li>{@link LexiconException}: an expected outcome of a use case (a lexicon error name, an HTTP status and a
 *       reference-compatible message); bad user input always ends here.</li>
 *   <li>{@link InfrastructureException}: a failure that is not the caller's fault (a database down, a PLC
 *       directory that does not answer); hosts map it to 500.</li>
 *   <li>{@link CodecException}: a value that a codec (JSON, multibase, DAG-CBOR, did:key) cannot read or write.
 *       Use cases map it to the lexicon error it means for them (see {@link CodecException#toInvalidRequest()});
 *       a host sees it only when it calls a codec itself.</li>
 * </ul>
 *
 * <p>A host that wants one catch clause for everything the library decides catches this type.
 */
public abstract class PdsAccountsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message and cause, and a stack trace.
     *
     * @param message what happened, without any secret
     * @param cause   the underlying failure, or null
     */
    protected PdsAccountsException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With full control of suppression and stack trace (expected outcomes skip the stack trace: they are
     * frequent and their message says everything).
     *
     * @param message            what happened, without any secret
     * @param cause              the underlying failure, or null
     * @param enableSuppression  whether suppressed exceptions are recorded
     * @param writableStackTrace whether the stack trace is filled in
     */
    protected PdsAccountsException(String message, Throwable cause, boolean enableSuppression,
                                   boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
    }
}
