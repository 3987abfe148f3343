package dev.pdsaccounts.syntax;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/**
 * A namespaced identifier such as {@code com.atproto.server.createAccount}: a reversed domain authority followed
 * by a name.
 *
 * <p>Syntax (atproto NSID rules): ASCII letters, digits, {@code -} and {@code .} only; at most
 * {@value #MAX_LENGTH} characters; at least three labels; every label 1 to 63 characters; the labels of the
 * authority (all but the last) neither starting nor ending with {@code -}, the first one starting with a
 * letter; the name (last label) a letter followed by letters and digits. As in the interop vectors, the
 * authority's own length is bounded only by the total. Case is kept: NSIDs are compared exactly.
 */
public final class Nsid {
    /** Maximum length of an NSID: room for a 253-character domain, a dot and a 63-character name. */
    public static final int MAX_LENGTH = 253 + 1 + 63;

    private static final int MAX_LABEL_LENGTH = 63;

    private final String value;

    private Nsid(String value) {
        this.value = value;
    }

    /**
     * Validates {@code input} as an NSID.
     *
     * @param input the NSID as given; {@code null} is invalid input
     * @return the NSID, unchanged
     * @throws LexiconException {@code InvalidRequest} "Invalid NSID: ..." naming the problem
     */
    public static Nsid parse(String input) {
        String problem = problem(input);
        if (problem != null) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, "Invalid NSID: " + problem);
        }
        return new Nsid(input);
    }

    /**
     * Whether {@code input} is a syntactically valid NSID.
     *
     * @param input the candidate; {@code null} gives {@code false}
     * @return {@code true} when {@link #parse(String)} would succeed
     */
    public static boolean isValid(String input) {
        return problem(input) == null;
    }

    /**
     * The NSID exactly as given.
     *
     * @return the NSID string
     */
    public String value() {
        return value;
    }

    /**
     * The name: the last label, e.g. {@code createAccount}.
     *
     * @return the name
     */
    public String name() {
        return value.substring(value.lastIndexOf('.') + 1);
    }

    /**
     * The NSID string, as {@link #value()}.
     *
     * @return the NSID string
     */
    @Override
    public String toString() {
        return value;
    }

    /** Equal when the strings are equal, case included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Nsid && ((Nsid) o).value.equals(value);
    }

    /** Hash of the NSID string. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    private static String problem(String s) {
        if (s == null || s.isEmpty()) {
            return "NSID is required";
        }
        if (s.length() > MAX_LENGTH) {
            return "NSID is too long (317 chars max)";
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Handle.isLdh(s.charAt(i)) && s.charAt(i) != '.') {
                return "Disallowed characters in NSID (ASCII letters, digits, dashes, periods only)";
            }
        }
        int lastDot = s.lastIndexOf('.');
        int firstDot = s.indexOf('.');
        if (firstDot < 0 || firstDot == lastDot) {
            return "NSID needs at least three parts";
        }
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            int len = end - start;
            if (len < 1) {
                return "NSID parts can not be empty";
            }
            if (len > MAX_LABEL_LENGTH) {
                return "NSID part too long (max 63 chars)";
            }
            if (dot < 0) {
                // The name: a letter, then letters and digits.
                if (!Handle.isAsciiLetter(s.charAt(start))) {
                    return "NSID name part must start with a letter";
                }
                for (int i = start + 1; i < end; i++) {
                    char c = s.charAt(i);
                    if (!Handle.isAsciiLetter(c) && !Handle.isAsciiDigit(c)) {
                        return "NSID name part must be only letters and digits";
                    }
                }
                return null;
            }
            if (s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
                return "NSID parts can not start or end with hyphen";
            }
            if (start == 0 && !Handle.isAsciiLetter(s.charAt(0))) {
                return "NSID first part must start with a letter";
            }
            start = dot + 1;
        }
    }
}
