package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.error.LexiconException;
import java.util.Objects;

/**
 * An XRPC error answer: HTTP status, error name and message, rendered as {@code {"error","message"}}. Covers the
 * transport-level errors the library's {@link LexiconException} catalogue has no name for
 * ({@code PayloadTooLarge}, {@code InternalServerError}) as well as every lexicon error.
 */
public final class XrpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the answer. */
    private final int status;
    /** The XRPC error name of the answer. */
    private final String error;

    /**
     * An error with the given status, name and message.
     *
     * @param status  the HTTP status
     * @param error   the XRPC error name, e.g. {@code InvalidRequest}
     * @param message the message; must hold no secret
     */
    public XrpcException(int status, String error, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * {@code 400 InvalidRequest} with a message.
     *
     * @param message what is wrong with the request
     * @return the exception, to be thrown
     */
    public static XrpcException invalidRequest(String message) {
        return new XrpcException(400, "InvalidRequest", message);
    }

    /** {@return a {@code 413 PayloadTooLarge}, as the reference's XRPC server} */
    public static XrpcException payloadTooLarge() {
        return new XrpcException(413, "PayloadTooLarge", "request entity too large");
    }

    /** {@return a {@code 501 MethodNotImplemented}} */
    public static XrpcException methodNotImplemented() {
        return new XrpcException(501, "MethodNotImplemented", "Method Not Implemented");
    }

    /**
     * {@return a {@code 500 InternalServerError} with the generic message} Details go to the log, never to the
     * client.
     */
    public static XrpcException internal() {
        return new XrpcException(500, "InternalServerError", "Internal Server Error");
    }

    /**
     * The same error as a library failure.
     *
     * @param e the library's lexicon error
     * @return an exception with its status, name and message
     */
    public static XrpcException of(LexiconException e) {
        return new XrpcException(e.status(), e.errorName(), e.getMessage());
    }

    /** {@return the HTTP status} */
    public int status() {
        return status;
    }

    /** {@return the XRPC error name} */
    public String error() {
        return error;
    }
}
