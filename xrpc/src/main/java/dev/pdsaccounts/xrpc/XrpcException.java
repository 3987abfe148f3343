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

    private final int status;
    private final String error;

    /** An error with the given status, name and message (the message must hold no secret). */
    public XrpcException(int status, String error, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
    }

    /** {@code 400 InvalidRequest} with a message. */
    public static XrpcException invalidRequest(String message) {
        return new XrpcException(400, "InvalidRequest", message);
    }

    /** {@code 413 PayloadTooLarge}, as the reference's XRPC server. */
    public static XrpcException payloadTooLarge() {
        return new XrpcException(413, "PayloadTooLarge", "request entity too large");
    }

    /** {@code 501 MethodNotImplemented}. */
    public static XrpcException methodNotImplemented() {
        return new XrpcException(501, "MethodNotImplemented", "Method Not Implemented");
    }

    /** {@code 500 InternalServerError} with the generic message (details go to the log, never to the client). */
    public static XrpcException internal() {
        return new XrpcException(500, "InternalServerError", "Internal Server Error");
    }

    /** The same error as a library failure. */
    public static XrpcException of(LexiconException e) {
        return new XrpcException(e.status(), e.errorName(), e.getMessage());
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The XRPC error name. */
    public String error() {
        return error;
    }
}
