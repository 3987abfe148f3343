package dev.pdsaccounts.xrpc.lexicon;

import dev.pdsaccounts.syntax.Datetime;
import dev.pdsaccounts.syntax.Did;
import dev.pdsaccounts.syntax.Handle;
import dev.pdsaccounts.syntax.Nsid;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The lexicon string formats, each with the reference validator's failure wording. The atproto identifiers
 * (handle, did, nsid, datetime) reuse {@code dev.pdsaccounts.syntax}; the rest are checked here.
 */
final class StringFormats {
    /** Longest at-uri accepted (the atproto limit: 8 KiB). */
    static final int MAX_AT_URI_LENGTH = 8 * 1024;
    /** Longest string a format check looks at; anything longer fails without a regular expression running. */
    static final int MAX_CHECKED_LENGTH = 16 * 1024;

    private static final Pattern URI = Pattern.compile("^\\w+:(?://)?[^\\s/][^\\s]*$");
    private static final Pattern RECORD_KEY = Pattern.compile("^[a-zA-Z0-9_~.:-]{1,512}$");
    private static final Pattern TID = Pattern.compile("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$");
    private static final Pattern LANGUAGE = Pattern.compile(
            "^(([a-zA-Z]{2,3}(-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4,8})(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?"
                    + "(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*(-[0-9a-wy-zA-WY-Z](-[a-zA-Z0-9]{2,8})+)*"
                    + "(-x(-[a-zA-Z0-9]{1,8})+)?|x(-[a-zA-Z0-9]{1,8})+|i-default|i-mingo)$");
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private StringFormats() {}

    /**
     * Checks {@code value} against {@code format}.
     *
     * @return the failure message without the path (e.g. {@code must be a valid handle}), or null when valid or
     *     the format is not one this validator knows (unknown formats are not enforced, as the reference)
     */
    static String check(String format, String value) {
        if (value.length() > MAX_CHECKED_LENGTH && !"uri".equals(format)) {
            return failure(format);
        }
        boolean ok;
        switch (format) {
            case "datetime":
                ok = Datetime.isValid(value);
                break;
            case "uri":
                ok = value.length() <= MAX_CHECKED_LENGTH && URI.matcher(value).matches();
                break;
            case "at-uri":
                ok = isAtUri(value);
                break;
            case "did":
                ok = Did.isValid(value);
                break;
            case "handle":
                ok = Handle.isValid(value);
                break;
            case "at-identifier":
                ok = value.startsWith("did:") ? Did.isValid(value) : Handle.isValid(value);
                break;
            case "nsid":
                ok = Nsid.isValid(value);
                break;
            case "cid":
                ok = isCid(value);
                break;
            case "language":
                ok = value.length() <= 128 && LANGUAGE.matcher(value).matches();
                break;
            case "tid":
                ok = TID.matcher(value).matches();
                break;
            case "record-key":
                ok = isRecordKey(value);
                break;
            default:
                return null;
        }
        return ok ? null : failure(format);
    }

    private static String failure(String format) {
        switch (format) {
            case "datetime":
                return "must be an valid atproto datetime (both RFC-3339 and ISO-8601)";
            case "uri":
                return "must be a uri";
            case "at-uri":
                return "must be a valid at-uri";
            case "did":
                return "must be a valid did";
            case "handle":
                return "must be a valid handle";
            case "at-identifier":
                return "must be a valid did or a handle";
            case "nsid":
                return "must be a valid nsid";
            case "cid":
                return "must be a cid string";
            case "language":
                return "must be a well-formed BCP 47 language tag";
            case "tid":
                return "must be a valid TID (timestamp identifier)";
            case "record-key":
                return "must be a valid Record Key";
            default:
                return "must be a valid " + format.toLowerCase(Locale.ROOT);
        }
    }

    private static boolean isRecordKey(String v) {
        return RECORD_KEY.matcher(v).matches() && !".".equals(v) && !"..".equals(v);
    }

    /** {@code at://<did-or-handle>[/<nsid>[/<record-key>]]} with an optional {@code #/...} fragment. */
    static boolean isAtUri(String v) {
        if (v.length() > MAX_AT_URI_LENGTH || !v.startsWith("at://")) {
            return false;
        }
        String rest = v.substring(5);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            String fragment = rest.substring(hash + 1);
            if (!fragment.startsWith("/") || fragment.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                return false;
            }
            rest = rest.substring(0, hash);
        }
        if (rest.endsWith("/")) {
            return false;
        }
        String[] parts = rest.split("/", -1);
        if (parts.length > 3) {
            return false;
        }
        String authority = parts[0];
        boolean authorityOk = authority.startsWith("did:") ? Did.isValid(authority) : Handle.isValid(authority);
        if (!authorityOk) {
            return false;
        }
        if (parts.length >= 2 && !Nsid.isValid(parts[1])) {
            return false;
        }
        return parts.length < 3 || isRecordKey(parts[2]);
    }

    /** A CIDv0 ({@code Qm...}, base58btc) or a CIDv1 in base32 ({@code b...}) with a well-formed multihash. */
    static boolean isCid(String v) {
        if (v.length() == 46 && v.startsWith("Qm")) {
            return v.chars().allMatch(c -> BASE58.indexOf(c) >= 0);
        }
        if (v.length() < 2 || v.charAt(0) != 'b') {
            return false;
        }
        byte[] bytes = base32Decode(v.substring(1));
        if (bytes == null) {
            return false;
        }
        int[] pos = {0};
        long version = varint(bytes, pos);
        long codec = varint(bytes, pos);
        long hashCode = varint(bytes, pos);
        long length = varint(bytes, pos);
        return version == 1 && codec >= 0 && hashCode >= 0 && length >= 0 && pos[0] + length == bytes.length;
    }

    private static byte[] base32Decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            int value = BASE32.indexOf(s.charAt(i));
            if (value < 0) {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static long varint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= b.length) {
                return -1;
            }
            int x = b[pos[0]++] & 0xff;
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        return -1;
    }
}
