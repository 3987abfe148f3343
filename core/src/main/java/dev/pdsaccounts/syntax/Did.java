package dev.pdsaccounts.syntax;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/**
 * A decentralized identifier as atproto accepts it, e.g. {@code did:plc:7iza6de2dwap2sbkpav7c6c6}.
 *
 * <p>Syntax (atproto {@code ensureValidDid}): {@code did:}, a method of lower-case ASCII letters, {@code :},
 * then method-specific characters from {@code [a-zA-Z0-9._:%-]}; the whole must not end with {@code :} or
 * {@code %}. As in the reference, a {@code %} is not required to start a two-hex-digit escape (no vector
 * requires it). Length is capped at {@value #MAX_LENGTH} characters, the reference syntax library's limit
 * (the DID specification itself allows up to 8 KB, which atproto never needs).
 *
 * <p>DIDs are case-sensitive: the value is kept exactly as given and compared exactly.
 */
public final class Did {
    /** Maximum length of a DID, in characters. */
    public static final int MAX_LENGTH = 2048;

    private final String value;
    private final String method;

    private Did(String value, String method) {
        this.value = value;
        this.method = method;
    }

    /**
     * Validates {@code input} as a DID.
     *
     * @param input the DID as given; {@code null} is invalid input
     * @return the DID, unchanged
     * @throws LexiconException {@code InvalidRequest} "Invalid DID: ..." naming the problem
     */
    public static Did parse(String input) {
        String problem = problem(input);
        if (problem != null) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, "Invalid DID: " + problem);
        }
        return new Did(input, input.substring(4, input.indexOf(':', 4)));
    }

    /**
     * Whether {@code input} is a syntactically valid DID.
     *
     * @param input the candidate; {@code null} gives {@code false}
     * @return {@code true} when {@link #parse(String)} would succeed
     */
    public static boolean isValid(String input) {
        return problem(input) == null;
    }

    /**
     * The DID string exactly as given.
     *
     * @return the DID
     */
    public String value() {
        return value;
    }

    /**
     * The DID method, e.g. {@code plc} or {@code web}.
     *
     * @return the method name (lower-case letters)
     */
    public String method() {
        return method;
    }

    /**
     * The DID string, as {@link #value()}.
     *
     * @return the DID
     */
    @Override
    public String toString() {
        return value;
    }

    /** Equal when the strings are equal, case included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Did && ((Did) o).value.equals(value);
    }

    /** Hash of the DID string. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The first syntax problem of {@code s}, or {@code null} when it is a valid DID. */
    static String problem(String s) {
        if (s == null || s.isEmpty()) {
            return "DID is required";
        }
        if (s.length() > MAX_LENGTH) {
            return "DID is too long (2048 chars max)";
        }
        if (!s.startsWith("did:")) {
            return "DID requires \"did:\" prefix";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = Handle.isAsciiLetter(c) || Handle.isAsciiDigit(c)
                    || c == '.' || c == '_' || c == ':' || c == '%' || c == '-';
            if (!allowed) {
                return "Disallowed characters in DID (ASCII letters, digits, and a couple other characters only)";
            }
        }
        int methodEnd = s.indexOf(':', 4);
        if (methodEnd < 0) {
            return "DID requires prefix, method, and method-specific content";
        }
        if (methodEnd == 4) {
            return "DID method must be lower-case letters";
        }
        for (int i = 4; i < methodEnd; i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return "DID method must be lower-case letters";
            }
        }
        char last = s.charAt(s.length() - 1);
        if (last == ':' || last == '%') {
            return "DID can not end with \":\" or \"%\"";
        }
        return null;
    }
}
