package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import java.util.Arrays;

/**
 * The byte-to-text encodings atproto identities use: base58btc (did:key, Multikey), lower-case base32 without
 * padding (CIDs, did:plc identifiers), base64url without padding (PLC signatures, JWS) and the multibase
 * prefixes {@code z} (base58btc) and {@code b} (base32 lower).
 *
 * <p>Decoders are strict: any character outside the alphabet (including whitespace and newlines), padding
 * characters and non-zero trailing bits are refused with a {@link LexiconException} ({@code InvalidRequest}), so
 * each byte string has exactly one accepted text form. Error messages never repeat the input (it may be key
 * material).
 */
public final class Multibase {
    /** Longest text any decoder accepts, in characters: far above every identity value, bounds the work. */
    public static final int MAX_ENCODED_LENGTH = 8192;

    private static final char[] B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final char[] B64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final int[] B58_INDEX = index(B58);
    private static final int[] B32_INDEX = index(B32);
    private static final int[] B64URL_INDEX = index(B64URL);

    private Multibase() {}

    private static int[] index(char[] alphabet) {
        int[] idx = new int[128];
        Arrays.fill(idx, -1);
        for (int i = 0; i < alphabet.length; i++) {
            idx[alphabet[i]] = i;
        }
        return idx;
    }

    private static int lookup(int[] idx, char c) {
        return c < 128 ? idx[c] : -1;
    }

    private static void checkInput(String text, String what) {
        if (text == null) {
            throw LexiconException.invalidRequest(what + " is missing");
        }
        if (text.length() > MAX_ENCODED_LENGTH) {
            throw LexiconException.invalidRequest(what + " is too long");
        }
    }

    private static byte[] nonNull(byte[] data) {
        if (data == null) {
            throw LexiconException.invalidRequest("bytes to encode are missing");
        }
        return data;
    }

    // ---------------------------------------------------------------- base58btc

    /**
     * Encodes bytes as base58btc (Bitcoin alphabet), without the multibase prefix.
     *
     * @param data the bytes
     * @return the base58btc text (leading zero bytes become {@code 1}s)
     */
    public static String base58btcEncode(byte[] data) {
        nonNull(data);
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        byte[] input = Arrays.copyOf(data, data.length);
        char[] out = new char[data.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < input.length) {
            int remainder = 0;
            for (int i = start; i < input.length; i++) {
                int digit = (input[i] & 0xff) + remainder * 256;
                input[i] = (byte) (digit / 58);
                remainder = digit % 58;
            }
            out[--outStart] = B58[remainder];
            if (input[start] == 0) {
                start++;
            }
        }
        StringBuilder sb = new StringBuilder(zeros + out.length - outStart);
        for (int i = 0; i < zeros; i++) {
            sb.append('1');
        }
        sb.append(out, outStart, out.length - outStart);
        return sb.toString();
    }

    /**
     * Decodes base58btc text (without the multibase prefix).
     *
     * @param text the base58btc text
     * @return the bytes
     * @throws LexiconException {@code InvalidRequest} if the text is missing, too long or not base58btc
     */
    public static byte[] base58btcDecode(String text) {
        checkInput(text, "base58btc value");
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] acc = new byte[text.length()];
        int accStart = acc.length;
        for (int i = zeros; i < text.length(); i++) {
            int carry = lookup(B58_INDEX, text.charAt(i));
            if (carry < 0) {
                throw LexiconException.invalidRequest("invalid base58btc character");
            }
            for (int j = acc.length - 1; j >= accStart || carry != 0; j--) {
                int v = (acc[j] & 0xff) * 58 + carry;
                acc[j] = (byte) v;
                carry = v >>> 8;
                if (j < accStart) {
                    accStart = j;
                }
            }
        }
        byte[] out = new byte[zeros + acc.length - accStart];
        System.arraycopy(acc, accStart, out, zeros, acc.length - accStart);
        return out;
    }

    // ---------------------------------------------------------------- base32

    /**
     * Encodes bytes as RFC 4648 base32 in lower case, without padding.
     *
     * @param data the bytes
     * @return the base32 text
     */
    public static String base32LowerEncode(byte[] data) {
        nonNull(data);
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(B32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(B32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /**
     * Decodes lower-case RFC 4648 base32 without padding, refusing upper case, padding and non-zero trailing
     * bits.
     *
     * @param text the base32 text
     * @return the bytes
     * @throws LexiconException {@code InvalidRequest} if the text is not canonical lower-case base32
     */
    public static byte[] base32LowerDecode(String text) {
        checkInput(text, "base32 value");
        int rem = text.length() % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw LexiconException.invalidRequest("invalid base32 length");
        }
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = lookup(B32_INDEX, text.charAt(i));
            if (v < 0) {
                throw LexiconException.invalidRequest("invalid base32 character");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[pos++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) {
            throw LexiconException.invalidRequest("non-canonical base32: trailing bits are not zero");
        }
        return out;
    }

    // ---------------------------------------------------------------- base64url

    /**
     * Encodes bytes as base64url without padding.
     *
     * @param data the bytes
     * @return the base64url text
     */
    public static String base64UrlEncode(byte[] data) {
        nonNull(data);
        StringBuilder sb = new StringBuilder((data.length * 4 + 2) / 3);
        int i = 0;
        for (; i + 2 < data.length; i += 3) {
            int v = ((data[i] & 0xff) << 16) | ((data[i + 1] & 0xff) << 8) | (data[i + 2] & 0xff);
            sb.append(B64URL[v >>> 18]).append(B64URL[(v >>> 12) & 63]).append(B64URL[(v >>> 6) & 63])
                    .append(B64URL[v & 63]);
        }
        int left = data.length - i;
        if (left == 1) {
            int v = (data[i] & 0xff) << 16;
            sb.append(B64URL[v >>> 18]).append(B64URL[(v >>> 12) & 63]);
        } else if (left == 2) {
            int v = ((data[i] & 0xff) << 16) | ((data[i + 1] & 0xff) << 8);
            sb.append(B64URL[v >>> 18]).append(B64URL[(v >>> 12) & 63]).append(B64URL[(v >>> 6) & 63]);
        }
        return sb.toString();
    }

    /**
     * Decodes base64url without padding, strictly: refuses {@code =} padding, whitespace and newlines, characters
     * of the standard alphabet ({@code +}, {@code /}), impossible lengths and non-zero trailing bits.
     *
     * @param text the base64url text
     * @return the bytes
     * @throws LexiconException {@code InvalidRequest} naming the defect
     */
    public static byte[] base64UrlDecodeStrict(String text) {
        checkInput(text, "base64url value");
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c == '=') {
                throw LexiconException.invalidRequest("invalid base64url: padding '=' is not allowed");
            }
            if (lookup(B64URL_INDEX, c) < 0) {
                throw LexiconException.invalidRequest(
                        "invalid base64url: illegal character (code " + (int) c + ") at offset " + i);
            }
        }
        if (len % 4 == 1) {
            throw LexiconException.invalidRequest("invalid base64url: impossible length");
        }
        byte[] out = new byte[len * 3 / 4];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < len; i++) {
            buffer = (buffer << 6) | B64URL_INDEX[text.charAt(i)];
            bits += 6;
            if (bits >= 8) {
                out[pos++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) {
            throw LexiconException.invalidRequest("invalid base64url: non-canonical trailing bits");
        }
        return out;
    }

    // ---------------------------------------------------------------- multibase

    /**
     * Encodes bytes as a base58btc multibase string ({@code z} prefix).
     *
     * @param data the bytes
     * @return {@code "z" + base58btc(data)}
     */
    public static String encodeBase58btc(byte[] data) {
        return "z" + base58btcEncode(data);
    }

    /**
     * Encodes bytes as a base32-lower multibase string ({@code b} prefix), the form of CIDv1 strings.
     *
     * @param data the bytes
     * @return {@code "b" + base32lower(data)}
     */
    public static String encodeBase32(byte[] data) {
        return "b" + base32LowerEncode(data);
    }

    /**
     * Decodes a multibase string with prefix {@code z} (base58btc) or {@code b} (base32 lower).
     *
     * @param multibase the multibase text
     * @return the bytes
     * @throws LexiconException {@code InvalidRequest} for another prefix or a malformed body
     */
    public static byte[] decode(String multibase) {
        checkInput(multibase, "multibase value");
        if (multibase.isEmpty()) {
            throw LexiconException.invalidRequest("multibase value is empty");
        }
        char prefix = multibase.charAt(0);
        String body = multibase.substring(1);
        if (prefix == 'z') {
            return base58btcDecode(body);
        }
        if (prefix == 'b') {
            return base32LowerDecode(body);
        }
        throw LexiconException.invalidRequest("unsupported multibase prefix");
    }
}
