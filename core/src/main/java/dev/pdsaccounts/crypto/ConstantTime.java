package dev.pdsaccounts.crypto;

/** Constant-time comparison of secrets (tokens, hashes, codes). */
public final class ConstantTime {
    private ConstantTime() {}

    /**
     * Compares two strings in time that depends only on their lengths, over their UTF-16 code units (so that
     * strings differing only in unpaired surrogates, which an encoder would map alike to {@code ?}, stay
     * different).
     *
     * @param a one secret, may be null
     * @param b the other secret, may be null
     * @return {@code true} when both are non-null and equal; {@code false} otherwise (also when either is null)
     */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        // Char by char: encoding first (to UTF-8 or UTF-16) would map every unpaired surrogate to '?'.
        int length = Math.max(a.length(), b.length());
        int diff = a.length() ^ b.length();
        for (int i = 0; i < length; i++) {
            char x = i < a.length() ? a.charAt(i) : 0;
            char y = i < b.length() ? b.charAt(i) : 0;
            diff |= x ^ y;
        }
        return diff == 0;
    }
}
