package dev.pdsaccounts.crypto;

import dev.pdsaccounts.error.LexiconException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Password encoding shared by the hashers: UTF-8 into a fresh array the caller wipes, with a lone surrogate
 * encoded as U+FFFD (EF BF BD) the way Node's {@code Buffer.from(string, 'utf8')} does, so hashes match the
 * reference PDS even for such input (Java's own {@code getBytes} would write {@code '?'}).
 */
final class Utf8 {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {}

    /** Requires a password: null is bad input. */
    static String requirePassword(String password) {
        if (password == null) {
            throw LexiconException.invalidRequest("Password is required");
        }
        return password;
    }

    /** The UTF-8 bytes of {@code text} in a fresh array; the caller wipes it after use. */
    static byte[] encode(String text) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(REPLACEMENT);
        ByteBuffer out = ByteBuffer.allocate(Math.max(1, text.length() * 3));
        encoder.encode(CharBuffer.wrap(text), out, true);
        encoder.flush(out);
        byte[] result = Arrays.copyOf(out.array(), out.position());
        Arrays.fill(out.array(), (byte) 0);
        return result;
    }

    /** Overwrites an array holding password material. */
    static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
