package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The byte-to-text encodings atproto identities use: base58btc (did:key, Multikey), lower-case base32 without
 * padding (CIDs, did:plc identifiers), base64url without padding (PLC signatures, JWS; on the JDK's
 * {@link Base64}) and the multibase
 * prefixes {@code z} (base58btc) and {@code b} (base32 lower).
 *
 * <p>Decoders are strict: any character outside the alphabet (including whitespace and newlines), padding
 * characters and non-zero trailing bits are refused with a {@link CodecException}, so
 * each byte string has exactly one accepted text form. Error messages never repeat the input (it may be key
 * material).
 */
public final class Multibase {
    /** Longest text any decoder accepts, in characters: far above every identity value, bounds the work. */
    public static final int MAX_ENCODED_LENGTH = 8192;

    private static final char[] B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Base64.Encoder B64URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final int[] B58_INDEX = index(B58);
    private static final int[] B32_INDEX = index(B32);

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
            throw new CodecException(what + " is missing");
        }
        if (text.length() > MAX_ENCODED_LENGTH) {
            throw new CodecException(what + " is too long");
        }
    }

    private static byte[] nonNull(byte[] data) {
        if (data == null) {
            throw new CodecException("bytes to encode are missing");
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
     * @throws CodecException if the text is missing, too long or not base58btc
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
                throw new CodecException("invalid base58btc character");
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
     * @throws CodecException if the text is not canonical lower-case base32
     */
    public static byte[] base32LowerDecode(String text) {
        checkInput(text, "base32 value");
        int rem = text.length() % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new CodecException("invalid base32 length");
        }
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = lookup(B32_INDEX, text.charAt(i));
            if (v < 0) {
                throw new CodecException("invalid base32 character");
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
            throw new CodecException("non-canonical base32: trailing bits are not zero");
        }
        return out;
    }

    // ---------------------------------------------------------------- base64url

    /**
     * Encodes bytes as base64url without padding ({@link Base64#getUrlEncoder()}).
     *
     * @param data the bytes
     * @return the base64url text
     */
    public static String base64UrlEncode(byte[] data) {
        return B64URL_ENCODER.encodeToString(nonNull(data));
    }

    /**
     * Decodes base64url without padding, strictly: refuses {@code =} padding, whitespace and newlines, characters
     * of the standard alphabet ({@code +}, {@code /}), impossible lengths and non-zero trailing bits. Decoded by
     * {@link Base64#getUrlDecoder()}; the JDK accepts non-zero trailing bits, so the canonical form is checked by
     * re-encoding.
     *
     * @param text the base64url text
     * @return the bytes
     * @throws CodecException naming the defect
     */
    public static byte[] base64UrlDecodeStrict(String text) {
        checkInput(text, "base64url value");
        if (text.indexOf('=') >= 0) {
            throw new CodecException("invalid base64url: padding '=' is not allowed");
        }
        if (text.length() % 4 == 1) {
            throw new CodecException("invalid base64url: impossible length");
        }
        byte[] out;
        try {
            out = B64URL_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the character; the input may be key material, so name only its kind.
            throw new CodecException("invalid base64url: illegal character");
        }
        if (!B64URL_ENCODER.encodeToString(out).equals(text)) {
            throw new CodecException("invalid base64url: non-canonical trailing bits");
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
     * @throws CodecException for another prefix or a malformed body
     */
    public static byte[] decode(String multibase) {
        checkInput(multibase, "multibase value");
        if (multibase.isEmpty()) {
            throw new CodecException("multibase value is empty");
        }
        char prefix = multibase.charAt(0);
        String body = multibase.substring(1);
        if (prefix == 'z') {
            return base58btcDecode(body);
        }
        if (prefix == 'b') {
            return base32LowerDecode(body);
        }
        throw new CodecException("unsupported multibase prefix");
    }
}
