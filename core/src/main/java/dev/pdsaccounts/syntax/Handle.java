package dev.pdsaccounts.syntax;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;

/**
 * An atproto handle (a DNS name such as {@code alice.example.com}), always held in its normalised, lower-case
 * form: handles are case-insensitive, so two handles are equal exactly when their normalised strings are.
 *
 * <p>Syntax (atproto {@code @atproto/syntax} {@code ensureValidHandle}): ASCII letters, digits, {@code -} and
 * {@code .} only; at most {@value #MAX_LENGTH} characters; at least two labels; every label 1 to
 * {@value #MAX_LABEL_LENGTH} characters and neither starting nor ending with {@code -}; the last label starts
 * with an ASCII letter. Validation is a single linear scan (no regular expression), so input of any length is
 * rejected in time proportional to at most {@value #MAX_LENGTH} characters.
 */
public final class Handle {
    /** What sessions and admin views show for an account without a valid handle (reference behaviour). */
    public static final String INVALID_HANDLE = "handle.invalid";

    /** Maximum length of a whole handle, in characters. */
    public static final int MAX_LENGTH = 253;

    /** Maximum length of one label, in characters. */
    public static final int MAX_LABEL_LENGTH = 63;

    private final String value;

    private Handle(String value) {
        this.value = value;
    }

    /**
     * Validates {@code input} and returns the handle in normalised (lower-case) form.
     *
     * @param input the handle as given; {@code null} is invalid input
     * @return the handle
     * @throws LexiconException {@code InvalidHandle} with the syntax problem
     */
    public static Handle parse(String input) {
        String problem = problem(input);
        if (problem != null) {
            throw new LexiconException(LexiconError.INVALID_HANDLE, problem);
        }
        return new Handle(asciiLowerCase(input));
    }

    /**
     * Lower-cases {@code input}, then validates it (the reference's {@code normalizeAndEnsureValidHandle}).
     *
     * <p>Only ASCII letters are folded: a non-ASCII character stays as it is and so is rejected. JavaScript's
     * {@code toLowerCase} would fold the Kelvin sign (U+212A) to {@code k}; the reference's lexicon layer rejects
     * such input before that step, and folding here only ASCII gives the same end result.
     *
     * @param input the handle as given; {@code null} is invalid input
     * @return the normalised handle
     * @throws LexiconException {@code InvalidHandle} with the syntax problem
     */
    public static Handle normalizeAndParse(String input) {
        return parse(input == null ? null : asciiLowerCase(input));
    }

    /**
     * Whether {@code input} is a syntactically valid handle (any letter case).
     *
     * @param input the candidate; {@code null} gives {@code false}
     * @return {@code true} when {@link #parse(String)} would succeed
     */
    public static boolean isValid(String input) {
        return problem(input) == null;
    }

    /**
     * The normalised handle.
     *
     * @return the lower-case handle string
     */
    public String value() {
        return value;
    }

    /**
     * The normalised handle, as {@link #value()}.
     *
     * @return the lower-case handle string
     */
    @Override
    public String toString() {
        return value;
    }

    /** Equal when the normalised strings are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Handle && ((Handle) o).value.equals(value);
    }

    /** Hash of the normalised string. */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The first syntax problem of {@code s}, or {@code null} when it is a valid handle. */
    static String problem(String s) {
        if (s == null || s.isEmpty()) {
            return "Handle is required";
        }
        // Length first, so that a huge input costs nothing beyond this check.
        if (s.length() > MAX_LENGTH) {
            return "Handle is too long (253 chars max)";
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isLdh(s.charAt(i)) && s.charAt(i) != '.') {
                return "Disallowed characters in handle (ASCII letters, digits, dashes, periods only)";
            }
        }
        if (s.indexOf('.') < 0) {
            return "Handle domain needs at least two parts";
        }
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            int len = end - start;
            if (len < 1) {
                return "Handle parts can not be empty";
            }
            if (len > MAX_LABEL_LENGTH) {
                return "Handle part too long (max 63 chars)";
            }
            if (s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
                return "Handle parts can not start or end with hyphens";
            }
            if (dot < 0) {
                if (!isAsciiLetter(s.charAt(start))) {
                    return "Handle final component (TLD) must start with ASCII letter";
                }
                return null;
            }
            start = dot + 1;
        }
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Letter, digit or hyphen: the characters of a DNS label. */
    static boolean isLdh(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c) || c == '-';
    }

    /** Folds A-Z only; locale-independent and never changes the length. */
    static String asciiLowerCase(String s) {
        char[] chars = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = s.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? s : new String(chars);
    }
}
