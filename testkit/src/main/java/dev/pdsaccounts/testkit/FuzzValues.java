package dev.pdsaccounts.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Hostile values for the fuzzers: boundary lengths (0, 1, 18, 19, 63, 64, 253, 254, 256, 257, 512, 513),
 * control characters, NUL, lone surrogates, non-ASCII, huge strings (up to 10 MB, made once and shared), runs
 * of Greek capital sigma (which make the JDK's {@code toLowerCase} quadratic), and valid-looking values with
 * exactly one mutation.
 */
public final class FuzzValues {
    /** The boundary lengths every string generator favours. */
    public static final int[] BOUNDARY_LENGTHS = {0, 1, 2, 17, 18, 19, 63, 64, 65, 253, 254, 255, 256, 257, 511, 512,
        513, 1024, 2048, 2049, 8192, 8193};

    private static final List<String> HUGE = List.of(
            "a".repeat(10_000_000),
            "\u03a3".repeat(1_000_000),
            "A\u03a3".repeat(500_000) + "@x.com",
            "a".repeat(1_000_000) + "@" + "b".repeat(1_000_000) + ".com",
            "did:plc:" + "a".repeat(1_000_000),
            "x.".repeat(500_000) + "test",
            "\ud800".repeat(100_000),
            "\u0000".repeat(100_000),
            "eyJ" + "A".repeat(1_000_000) + "." + "B".repeat(1000) + ".c");

    private static final String SPECIALS = ".-@:_%/+ \t\r\n\"'\\<>{}[]#?&=~!$*|^`,;";

    private FuzzValues() {}

    /**
     * One of the shared huge strings (a million-character DID, handle or JWT, a run of lone surrogates or NULs).
     *
     * @param r the source of randomness
     * @return the string (shared, not copied)
     */
    public static String huge(SplittableRandom r) {
        return HUGE.get(r.nextInt(HUGE.size()));
    }

    /**
     * A hostile string: sometimes null, sometimes huge, often of a boundary length, with a character mix
     * drawn per string.
     *
     * @param r the source of randomness
     * @return the string, or null
     */
    public static String nasty(SplittableRandom r) {
        int pick = r.nextInt(40);
        if (pick == 0) {
            return null;
        }
        if (pick == 1) {
            return huge(r);
        }
        int len = r.nextInt(3) == 0 ? BOUNDARY_LENGTHS[r.nextInt(BOUNDARY_LENGTHS.length)] : r.nextInt(40);
        return chars(r, len, r.nextInt(8));
    }

    /**
     * Random characters of one mix.
     *
     * @param r   the source of randomness
     * @param len how many characters
     * @param mix which characters, 0..7: lower ASCII, upper ASCII and digits, specials, control, lone
     *            surrogates, tricky non-ASCII (dotless i, Kelvin sign, zero-width, bidi), sigma or any, a mix of
     *            all per character
     * @return {@code len} characters
     */
    public static String chars(SplittableRandom r, int len, int mix) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(oneChar(r, mix == 7 ? r.nextInt(7) : mix));
        }
        return sb.toString();
    }

    private static char oneChar(SplittableRandom r, int mix) {
        return switch (mix) {
            case 0 -> (char) ('a' + r.nextInt(26));
            case 1 -> r.nextBoolean() ? (char) ('A' + r.nextInt(26)) : (char) ('0' + r.nextInt(10));
            case 2 -> SPECIALS.charAt(r.nextInt(SPECIALS.length()));
            case 3 -> r.nextInt(4) == 0 ? '\u0000' : (char) r.nextInt(0x20);
            case 4 -> (char) (0xD800 + r.nextInt(0x800));
            case 5 -> "\u00e9\u00df\u6f22\u0130\u0131\u212a\u017f\ufb00\u0345\u200b\ufeff\u202e\u3002".charAt(r.nextInt(13));
            default -> r.nextBoolean() ? '\u03a3' : (char) r.nextInt(0x10000);
        };
    }

    /**
     * A near miss of a valid value: exactly one mutation (replace, insert, delete, case flip, duplicate,
     * truncate, append, pad with a space and a NUL).
     *
     * @param r     the source of randomness
     * @param valid the value to mutate; when null or empty a {@link #nasty(SplittableRandom)} string is returned
     * @return the mutated value
     */
    public static String mutate(SplittableRandom r, String valid) {
        if (valid == null || valid.isEmpty()) {
            return nasty(r);
        }
        int i = r.nextInt(valid.length());
        String c = String.valueOf(oneChar(r, r.nextInt(7)));
        return switch (r.nextInt(8)) {
            case 0 -> valid.substring(0, i) + c + valid.substring(i + 1);
            case 1 -> valid.substring(0, i) + c + valid.substring(i);
            case 2 -> valid.substring(0, i) + valid.substring(i + 1);
            case 3 -> flipCase(valid, i);
            case 4 -> valid + valid;
            case 5 -> valid.substring(0, i);
            case 6 -> valid + c;
            default -> " " + valid + "\u0000";
        };
    }

    private static String flipCase(String s, int i) {
        char ch = s.charAt(i);
        char flipped = Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch);
        return s.substring(0, i) + flipped + s.substring(i + 1);
    }

    /**
     * Mostly {@code valid} itself or a one-mutation variant of it, sometimes a hostile string.
     *
     * @param r     the source of randomness
     * @param valid the valid value
     * @return {@code valid} (1 in 5), a {@link #mutate(SplittableRandom, String) mutation} of it (1 in 2), or a
     *         {@link #nasty(SplittableRandom) nasty} string
     */
    public static String around(SplittableRandom r, String valid) {
        int pick = r.nextInt(10);
        if (pick < 2) {
            return valid;
        }
        if (pick < 7) {
            return mutate(r, valid);
        }
        return nasty(r);
    }

    /**
     * An int from the boundaries that matter to counts and limits (negative, zero, the 100 and 500 limits,
     * {@code Integer.MAX_VALUE}...), or a random one.
     *
     * @param r the source of randomness
     * @return the int
     */
    public static int anInt(SplittableRandom r) {
        int[] edges = {Integer.MIN_VALUE, -1, 0, 1, 2, 5, 100, 101, 499, 500, 501, 1000, 100_000, 100_001,
            Integer.MAX_VALUE};
        return r.nextInt(3) == 0 ? r.nextInt() : edges[r.nextInt(edges.length)];
    }

    /**
     * A list of 0 to 5 (rarely 0 to 3000) values, sometimes null, sometimes holding null.
     *
     * @param <T>     the element type
     * @param r       the source of randomness
     * @param element draws one element (it may return null)
     * @return the list, or null
     */
    public static <T> List<T> list(SplittableRandom r, Function<SplittableRandom, T> element) {
        if (r.nextInt(20) == 0) {
            return null;
        }
        int n = r.nextInt(30) == 0 ? r.nextInt(3000) : r.nextInt(6);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(r));
        }
        return out;
    }

    /**
     * An optional for fuzzing: null (1 in 10), empty, or a drawn value.
     *
     * @param <T>   the value type
     * @param r     the source of randomness
     * @param value draws the value (a null draw gives an empty optional)
     * @return the optional, or null
     */
    public static <T> Optional<T> optional(SplittableRandom r, Function<SplittableRandom, T> value) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 3) {
            return Optional.empty();
        }
        T v = value.apply(r);
        return v == null ? Optional.empty() : Optional.of(v);
    }
}
