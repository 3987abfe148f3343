package dev.pdsaccounts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Constant-time comparison of secrets (tokens, hashes, codes). */
public final class ConstantTime {
    private ConstantTime() {}

    /**
     * Compares two strings in time that depends only on their lengths, over their UTF-8 bytes.
     *
     * @param a one secret, may be null
     * @param b the other secret, may be null
     * @return {@code true} when both are non-null and equal; {@code false} otherwise (also when either is null)
     */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
