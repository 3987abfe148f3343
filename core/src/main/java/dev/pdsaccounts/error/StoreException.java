package dev.pdsaccounts.error;

/** A store adapter failed (I/O, driver error, retries exhausted). Expected conflicts are result values instead. */
public class StoreException extends InfrastructureException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message that names the failed operation.
     *
     * @param message the failed operation, without any secret
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * With a message and the driver's exception.
     *
     * @param message the failed operation, without any secret
     * @param cause   the driver's exception
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
