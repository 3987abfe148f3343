package dev.pdsaccounts.service.internal;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Makes codes in the reference format {@code <hostname with '.' as '-'>-xxxxx-xxxxx}: ten lower-case base32
 * characters ({@code a-z2-7}) from 8 random bytes, about 50 bits.
 */
public final class InviteCodeGenerator {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final String prefix;
    private final SecureRandom random;

    /** A generator for codes of the service at {@code hostname}. */
    public InviteCodeGenerator(String hostname, SecureRandom random) {
        this.prefix = hostname.toLowerCase(Locale.ROOT).replace('.', '-');
        this.random = random;
    }

    /** A fresh code. */
    public String next() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
        }
        StringBuilder sb = new StringBuilder(prefix.length() + 12).append(prefix).append('-');
        // The first 10 base32 digits of the 64 random bits (50 bits), as the reference's base32 prefix.
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                sb.append('-');
            }
            sb.append(BASE32[(int) ((bits >>> (59 - 5 * i)) & 31)]);
        }
        return sb.toString();
    }
}
