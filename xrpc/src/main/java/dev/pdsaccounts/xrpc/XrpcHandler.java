package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** One route's work: read the validated arguments, call the library, shape the lexicon output. */
@FunctionalInterface
public interface XrpcHandler {
    /**
     * Handles a request whose credentials, parameters and input are already verified.
     *
     * @param request the request
     * @return the output object, or null for methods without output
     */
    JsonNode handle(XrpcRequest request);
}
