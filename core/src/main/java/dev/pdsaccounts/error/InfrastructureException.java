package dev.pdsaccounts.error;

/**
 * Root of the unchecked family for failures that are not the caller's fault: a database down, a
 * serialization failure after retries, a PLC directory that does not answer. Hosts map it to a 500-class
 * answer and their retry policy. Never thrown for bad user input (that is {@link LexiconException}).
 */
public class InfrastructureException extends PdsAccountsException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message that names what failed (never a secret).
     *
     * @param message what failed, without any secret
     */
    public InfrastructureException(String message) {
        super(message, null);
    }

    /**
     * With a message and the underlying cause.
     *
     * @param message what failed, without any secret
     * @param cause   the underlying failure
     */
    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
