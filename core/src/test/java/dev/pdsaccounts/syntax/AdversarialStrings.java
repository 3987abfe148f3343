package dev.pdsaccounts.syntax;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random strings aimed at parsers: {@code null}, the empty string, boundary lengths, huge input, control
 * characters and NUL, lone surrogates, non-ASCII look-alikes, and mutations of valid examples of every format.
 */
public final class AdversarialStrings {
    /** Lengths at or next to a limit of some format. */
    public static final int[] BOUNDARY_LENGTHS = {
        0, 1, 2, 3, 18, 19, 20, 63, 64, 65, 253, 254, 255, 256, 257, 317, 318, 511, 512, 513, 2048, 2049
    };

    private static final List<String> SEEDS = List.of(
            "alice.test", "ALICE.Test", "a.co", "bob.pds.example.com", "did:plc:7iza6de2dwap2sbkpav7c6c6",
            "did:web:localhost%3A1234", "com.atproto.server.createAccount", "1985-04-12T23:20:50.123Z",
            "0000-01-01T00:00:00+01:00", "alice@example.com", "Ünïcødé@exämple.de", "a@b", "hunter2",
            "admin.test", "xn--ls8h.test");

    private static final String[] ALPHABETS = {
        "abcdefghijklmnopqrstuvwxyz0123456789.-",
        "abcXYZ019.-_:%@/#?!*+ ",
        "did:plcweb%3A.-_",
        "0123456789-:T.Z+tz ",
        "\u0000\u0001\t\n\r\u007f\u0085\u2028\u200b\ufeff",
        "\u212a\u0130\u0131\u00e9\u00c9\u00df\u03a3\u03c2\u0301\u3002\uff0e\uff41\u0430",
        "\ud800\udc00\udbff\udfff\ud83d\ude00",
        "a.@-",
        "\u03a3\u0301'\u0391",
    };

    private AdversarialStrings() {}

    /**
     * One adversarial string (possibly {@code null}).
     *
     * @param r the seeded random
     * @return the string
     */
    public static String next(SplittableRandom r) {
        switch (r.nextInt(10)) {
            case 0:
                return r.nextInt(4) == 0 ? null : "";
            case 1:
                return fill(r, BOUNDARY_LENGTHS[r.nextInt(BOUNDARY_LENGTHS.length)]);
            case 2:
                return fill(r, 100_000 + r.nextInt(1000));
            case 3:
            case 4:
                return fill(r, r.nextInt(40));
            default:
                return mutate(r, SEEDS.get(r.nextInt(SEEDS.size())));
        }
    }

    /**
     * A string of exactly {@code length} UTF-16 units drawn from one random alphabet (single lone surrogates
     * included).
     *
     * @param r the seeded random
     * @param length the length
     * @return the string
     */
    public static String fill(SplittableRandom r, int length) {
        String alphabet = ALPHABETS[r.nextInt(ALPHABETS.length)];
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * {@code seed} with a few random edits (insert, delete, replace, repeat).
     *
     * @param r the seeded random
     * @param seed a valid example
     * @return the mutated string
     */
    public static String mutate(SplittableRandom r, String seed) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            String alphabet = ALPHABETS[r.nextInt(ALPHABETS.length)];
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0:
                    sb.insert(at, c);
                    break;
                case 1:
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                    break;
                case 2:
                    if (sb.length() > 0) {
                        sb.setCharAt(at, c);
                    }
                    break;
                default:
                    if (sb.length() < 5000) {
                        sb.append(sb, 0, sb.length());
                    }
                    break;
            }
        }
        return sb.toString();
    }
}
