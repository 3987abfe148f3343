package dev.pdsaccounts.account;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Which emails an account may use, after the reference PDS: {@code @hapi/address} {@code isEmailValid} with
 * default options, then a disposable-domain check. Emails are stored, and compared, in one form: Unicode NFC,
 * then lower-cased (see {@link #normalize}), so addresses that differ only in Unicode normalisation (a precomposed
 * {@code é} against {@code e} + combining acute) or in case are the same address: they clash at sign-up and at an
 * email change, and either finds the account at login and password reset.
 *
 * <p>Validity (checked on the NFC form of the input):
 * <ul>
 *   <li>exactly one {@code @}; at most {@value #MAX_LENGTH} characters in all;</li>
 *   <li>local part: at most {@value #MAX_LOCAL_BYTES} bytes of UTF-8, dot-separated non-empty atoms of RFC 5321
 *       {@code atext} ({@code A-Z a-z 0-9 ! # $ % & ' * + - / = ? ^ _ ` { | } ~}) or non-ASCII characters;</li>
 *   <li>domain: at least two dot-separated labels, each 1 to 63 characters of letters, digits and {@code -}
 *       (Unicode letters, digits and combining marks allowed; a non-ASCII label must also convert to an IDNA
 *       ASCII label of at most 63 characters), not starting or ending with {@code -}; the last label starts
 *       with a letter. No TLD list is consulted.</li>
 * </ul>
 * Unpaired surrogates are refused anywhere (they cannot be encoded as UTF-8).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EmailPolicy {
    /** Maximum length of a whole address, in characters. */
    public static final int MAX_LENGTH = 254;

    /** Maximum size of the local part, in UTF-8 bytes. */
    public static final int MAX_LOCAL_BYTES = 64;

    private static final String REQUIRED = "Email is required";
    private static final String NOT_SUPPORTED = "This email address is not supported, please use a different email.";
    /**
     * NFC can shorten a string (composing base + marks), so the raw length is only bounded generously before
     * normalising; the exact limit is checked afterwards.
     */
    static final int MAX_RAW_LENGTH = MAX_LENGTH * 8;
    private static final char CAPITAL_SIGMA = '\u03a3';
    private static final String CASE_IGNORABLE_PUNCTUATION =
            "'.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a";
    private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

    private final DisposableEmailCheck disposable;

    private EmailPolicy(DisposableEmailCheck disposable) {
        this.disposable = disposable;
    }

    /**
     * Builds a policy.
     *
     * @param disposable the disposable-domain check, or {@link DisposableEmailCheck#NONE}
     * @return the policy
     * @throws IllegalArgumentException when {@code disposable} is {@code null} (a configuration error)
     */
    public static EmailPolicy of(DisposableEmailCheck disposable) {
        if (disposable == null) {
            throw new IllegalArgumentException("disposable check is required (use DisposableEmailCheck.NONE)");
        }
        return new EmailPolicy(disposable);
    }

    /**
     * The stored and compared form of an email: the Unicode NFC form, lower-cased (and NFC again, as lower-casing
     * may leave a string that is not), nothing else (no trimming). The reference only lower-cases; NFC is added
     * here so that canonically equivalent addresses, which render alike, cannot make two accounts. ASCII input is
     * only lower-cased; input over 2,032 characters (8 times the longest address), which no valid address reaches even
     * composed, is only lower-cased too (so the cost stays linear).
     *
     * <p>Lower-casing is Unicode's full, locale-independent mapping with the final-sigma rule, as JavaScript's
     * {@code toLowerCase}; it equals {@code String.toLowerCase(Locale.ROOT)} except that it runs in linear time
     * (the JDK's final-sigma handling is quadratic on input with many capital sigmas).
     *
     * @param email the email as given
     * @return the NFC, lower-cased email
     * @throws LexiconException {@code InvalidRequest} "Email is required" for {@code null}
     */
    public String normalize(String email) {
        if (email == null) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, REQUIRED);
        }
        return nfc(lowerCase(nfc(email)));
    }

    /** The NFC form of a string that can still be an address; ASCII and over-long input as it is. */
    private static String nfc(String s) {
        if (s.length() > MAX_RAW_LENGTH || isAscii(s)) {
            return s;
        }
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** Lower-cases like {@code toLowerCase(Locale.ROOT)}, applying the final-sigma rule in linear time. */
    static String lowerCase(String s) {
        int sigma = s.indexOf(CAPITAL_SIGMA);
        if (sigma < 0) {
            // Without a capital sigma the JDK never consults its (quadratic) context rules.
            return s.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        int from = 0;
        while (sigma >= 0) {
            sb.append(s.substring(from, sigma).toLowerCase(Locale.ROOT));
            sb.append(isFinalSigma(s, sigma) ? '\u03c2' : '\u03c3');
            from = sigma + 1;
            sigma = s.indexOf(CAPITAL_SIGMA, from);
        }
        return sb.append(s.substring(from).toLowerCase(Locale.ROOT)).toString();
    }

    /**
     * Unicode's Final_Sigma condition: preceded by a cased letter (case-ignorable characters skipped) and not
     * followed by one. A sigma is itself cased, so every scan stops at the neighbouring sigma at the latest and
     * each stretch between two sigmas is read at most twice.
     */
    private static boolean isFinalSigma(String s, int index) {
        int i = index;
        int before = -1;
        while (i > 0) {
            int cp = s.codePointBefore(i);
            i -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                before = cp;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        i = index + 1;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
        }
        return true;
    }

    private static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    private static boolean isCaseIgnorable(int cp) {
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.FORMAT:
            case Character.MODIFIER_LETTER:
            case Character.MODIFIER_SYMBOL:
                return true;
            default:
                // Word_Break MidLetter, MidNumLet and Single_Quote.
                return CASE_IGNORABLE_PUNCTUATION.indexOf(cp) >= 0;
        }
    }

    /**
     * Whether {@code email} is a syntactically valid address (see the class comment). The disposable check is
     * not applied here.
     *
     * @param email the candidate; {@code null} gives {@code false}
     * @return {@code true} when valid
     */
    public boolean isValid(String email) {
        if (email == null || email.isEmpty() || email.length() > MAX_RAW_LENGTH || hasLoneSurrogate(email)) {
            return false;
        }
        String e = isAscii(email) ? email : Normalizer.normalize(email, Normalizer.Form.NFC);
        int at = e.indexOf('@');
        if (at < 0 || e.indexOf('@', at + 1) >= 0) {
            return false;
        }
        if (e.length() > MAX_LENGTH) {
            return false;
        }
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        return isValidLocal(local) && isValidDomain(domain);
    }

    /**
     * Validates an email for sign-up or an email change and returns its stored form.
     *
     * @param email the email as given
     * @return the stored form ({@link #normalize}: NFC, lower-cased)
     * @throws LexiconException {@code InvalidRequest} "Email is required" when {@code null} or empty;
     *     {@code InvalidRequest} "This email address is not supported, please use a different email." when it is
     *     invalid or at a disposable domain
     */
    public String requireValid(String email) {
        if (email == null || email.isEmpty()) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, REQUIRED);
        }
        if (!isValid(email)) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, NOT_SUPPORTED);
        }
        String normalized = normalize(email);
        String domain = normalized.substring(normalized.lastIndexOf('@') + 1);
        if (disposable.isDisposable(domain)) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, NOT_SUPPORTED);
        }
        return normalized;
    }

    private static boolean isValidLocal(String local) {
        if (local.isEmpty() || local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_BYTES) {
            return false;
        }
        int atomLength = 0;
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (atomLength == 0) {
                    return false;
                }
                atomLength = 0;
                continue;
            }
            // Non-ASCII is RFC 6531 UTF8-non-ascii (surrogates are already known to be paired).
            if (c >= 0x80 || isAsciiAlnum(c) || ATEXT_SYMBOLS.indexOf(c) >= 0) {
                atomLength++;
            } else {
                return false;
            }
        }
        return atomLength > 0;
    }

    private static boolean isValidDomain(String domain) {
        if (domain.isEmpty()) {
            return false;
        }
        int labels = 0;
        int start = 0;
        while (true) {
            int dot = domain.indexOf('.', start);
            int end = dot < 0 ? domain.length() : dot;
            boolean last = dot < 0;
            if (!isValidLabel(domain.substring(start, end), last)) {
                return false;
            }
            labels++;
            if (last) {
                return labels >= 2;
            }
            start = dot + 1;
        }
    }

    private static boolean isValidLabel(String label, boolean tld) {
        if (label.isEmpty() || label.length() > 63) {
            return false;
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return false;
        }
        int first = label.codePointAt(0);
        if (tld && !Character.isLetter(first)) {
            return false;
        }
        boolean ascii = true;
        for (int i = 0; i < label.length(); ) {
            int cp = label.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                if (!isAsciiAlnum((char) cp) && cp != '-') {
                    return false;
                }
                continue;
            }
            ascii = false;
            int type = Character.getType(cp);
            boolean allowed = Character.isLetterOrDigit(cp)
                    || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
            if (!allowed) {
                return false;
            }
        }
        return ascii || fitsIdna(label);
    }

    /** A non-ASCII label must have an ASCII (punycode) form, which DNS limits to 63 characters. */
    private static boolean fitsIdna(String label) {
        try {
            String ace = IDN.toASCII(label, IDN.ALLOW_UNASSIGNED);
            return !ace.isEmpty() && ace.length() <= 63;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
