package dev.pdsaccounts.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The email-token format and its storage form.
 *
 * <ul>
 *   <li>A token is {@code XXXXX-XXXXX}: the first 10 characters of the upper-case RFC 4648 base32 ({@code A-Z2-7})
 *       of 8 random bytes (50 bits), a hyphen after the fifth, as the reference PDS.</li>
 *   <li>Input is normalised before use: surrounding whitespace trimmed, upper-cased, so tokens are
 *       case-insensitive. Anything that is not then exactly this shape is invalid and never reaches the store;
 *       input longer than {@value #MAX_INPUT_LENGTH} characters is not even normalised.</li>
 *   <li>The store keeps only {@link #hash(String) SHA-256 (lower-case hex) of the normalised token}, so a dump of
 *       the store reveals no token that could be used: the plaintext exists only in the mail. (The token is short
 *       lived and single use; a fast hash suffices because the mail, not the hash, is the secret's only copy.)</li>
 * </ul>
 *
 * <p>Thread-safe; all methods are static.
 */
public final class EmailTokenFormat {
    /** Length of a token: {@code XXXXX-XXXXX}. */
    public static final int LENGTH = 11;
    /** Longest raw input examined at all (generous for whitespace around a pasted token). */
    public static final int MAX_INPUT_LENGTH = 64;

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private EmailTokenFormat() {}

    /**
     * A fresh token.
     *
     * @param random the randomness
     * @return {@code XXXXX-XXXXX}
     */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                sb.append('-');
            }
            // The i-th 5-bit group from the most significant end, as base32 encodes.
            sb.append(ALPHABET[(int) ((bits >>> (59 - 5 * i)) & 0x1f)]);
        }
        return sb.toString();
    }

    /**
     * The normalised form of a token as typed (trimmed, upper-cased), if it has the token shape.
     *
     * @param input the token as the user sent it; {@code null} allowed
     * @return the normalised token, or empty when the input cannot be a token
     */
    public static Optional<String> normalize(String input) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        String t = input.trim().toUpperCase(Locale.ROOT);
        if (t.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = t.charAt(i);
            boolean ok = i == 5 ? c == '-' : (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
            if (!ok) {
                return Optional.empty();
            }
        }
        return Optional.of(t);
    }

    /**
     * The stored form of a normalised token: lower-case hex SHA-256 of its UTF-8 bytes.
     *
     * @param normalizedToken a token as {@link #normalize(String)} returns it
     * @return 64 hex characters
     */
    public static String hash(String normalizedToken) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(normalizedToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
