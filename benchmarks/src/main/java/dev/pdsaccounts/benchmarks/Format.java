package dev.pdsaccounts.benchmarks;

import java.util.Locale;

/** Number formatting for the result table: a few significant digits, no locale surprises. */
final class Format {
    private Format() {}

    /** Milliseconds with 3 significant digits (at least 3 decimals below 1 ms). */
    static String millis(double ms) {
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    /** A rate with thousands grouping and no decimals above 100, two significant decimals below. */
    static String rate(double perSecond) {
        if (perSecond >= 100) {
            return String.format(Locale.ROOT, "%,.0f", perSecond);
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** A ratio such as {@code 0.42x}. */
    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /** Mebibytes with one decimal. */
    static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Seconds with one decimal. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
