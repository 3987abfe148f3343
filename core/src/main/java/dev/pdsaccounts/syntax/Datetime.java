package dev.pdsaccounts.syntax;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The atproto {@code datetime} format: RFC 3339 restricted to what is also ISO 8601, and its canonical output
 * form.
 *
 * <p>Accepted: {@code YYYY-MM-DDTHH:MM:SS}, an optional {@code .} with 1 to 20 fraction digits, then {@code Z}
 * or {@code +HH:MM}/{@code -HH:MM} (upper-case {@code T} and {@code Z}; {@code -00:00} refused; at most
 * {@value #MAX_LENGTH} characters). The fields must name a real instant (month 1-12, a day that exists in that
 * month, hour 0-23, minute and second 0-59, offset hour 0-23), and the instant must not fall before year 0 once
 * the offset is applied. The scanner is hand-written and checks the length first.
 *
 * <p>Stricter than the reference (JavaScript {@code Date}) in two corners no vector covers: a day past the end
 * of its month (e.g. February 30) and hour 24 are refused rather than rolled over.
 */
public final class Datetime {
    /** Maximum length of a datetime string. */
    public static final int MAX_LENGTH = 64;

    private static final int MAX_FRACTION_DIGITS = 20;
    /** 0000-01-01T00:00:00Z: earlier instants would print with a minus sign. */
    private static final long MIN_EPOCH_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
    /** JavaScript {@code Date}'s range, 8.64e15 ms either side of the epoch, which {@link #format} keeps to. */
    private static final long JS_MAX_EPOCH_MILLI = 8_640_000_000_000_000L;

    private Datetime() {}

    /**
     * Parses an atproto datetime.
     *
     * @param input the datetime string; {@code null} is invalid input
     * @return the instant it names (nanosecond precision; further fraction digits are dropped)
     * @throws LexiconException {@code InvalidRequest} "Invalid datetime: ..." naming the problem
     */
    public static Instant parse(String input) {
        Object result = scan(input);
        if (result instanceof String) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, "Invalid datetime: " + result);
        }
        return (Instant) result;
    }

    /**
     * Whether {@code input} is a valid atproto datetime (syntax and meaning).
     *
     * @param input the candidate; {@code null} gives {@code false}
     * @return {@code true} when {@link #parse(String)} would succeed
     */
    public static boolean isValid(String input) {
        return scan(input) instanceof Instant;
    }

    /**
     * Formats an instant the way the reference stores timestamps (JavaScript {@code toISOString}): UTC,
     * millisecond precision (truncated), e.g. {@code 2023-04-12T04:53:57.057Z}. Years outside 0-9999 are written
     * with a sign and six digits, as JavaScript does.
     *
     * @param instant the instant
     * @return the formatted string
     * @throws LexiconException {@code InvalidRequest} when {@code instant} is {@code null} or outside the range
     *     of a JavaScript {@code Date} (about 275,000 years either side of 1970)
     */
    public static String format(Instant instant) {
        if (instant == null) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, "Invalid datetime: instant is required");
        }
        long epochSecond = instant.getEpochSecond();
        // Compare in seconds first so that toEpochMilli cannot overflow.
        if (Math.abs(epochSecond) > JS_MAX_EPOCH_MILLI / 1000 || Math.abs(instant.toEpochMilli()) > JS_MAX_EPOCH_MILLI) {
            throw new LexiconException(LexiconError.INVALID_REQUEST, "Invalid datetime: instant out of range");
        }
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        LocalDateTime t = LocalDateTime.ofEpochSecond(millis.getEpochSecond(), millis.getNano(), ZoneOffset.UTC);
        int year = t.getYear();
        StringBuilder sb = new StringBuilder(27);
        if (year >= 0 && year <= 9999) {
            pad(sb, year, 4);
        } else {
            sb.append(year < 0 ? '-' : '+');
            pad(sb, Math.abs(year), 6);
        }
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        sb.append('.');
        pad(sb, t.getNano() / 1_000_000, 3);
        return sb.append('Z').toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(digits);
    }

    /** The parsed instant, or a String naming the first problem. */
    private static Object scan(String s) {
        if (s == null || s.isEmpty()) {
            return "datetime is required";
        }
        if (s.length() > MAX_LENGTH) {
            return "datetime is too long (64 chars max)";
        }
        // Fixed-width head: YYYY-MM-DDTHH:MM:SS (19 characters).
        if (s.length() < 20
                || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-'
                || !digits(s, 8, 10) || s.charAt(10) != 'T' || !digits(s, 11, 13) || s.charAt(13) != ':'
                || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            return "datetime must look like YYYY-MM-DDTHH:MM:SS with a timezone";
        }
        int pos = 19;
        int nanos = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < s.length() && Handle.isAsciiDigit(s.charAt(pos))) {
                pos++;
            }
            int count = pos - start;
            if (count < 1 || count > MAX_FRACTION_DIGITS) {
                return "datetime fraction must have 1 to 20 digits";
            }
            for (int i = 0; i < 9; i++) {
                nanos = nanos * 10 + (i < count ? s.charAt(start + i) - '0' : 0);
            }
        }
        int offsetSeconds;
        String zone = s.substring(pos);
        if (zone.equals("Z")) {
            offsetSeconds = 0;
        } else if (zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')
                && digits(zone, 1, 3) && zone.charAt(3) == ':' && digits(zone, 4, 6)) {
            if (zone.equals("-00:00")) {
                return "datetime can not use \"-00:00\" for UTC timezone";
            }
            int oh = number(zone, 1, 3);
            int om = number(zone, 4, 6);
            if (oh > 23 || om > 59) {
                return "datetime timezone offset out of range";
            }
            offsetSeconds = (zone.charAt(0) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return "datetime timezone must be Z or +HH:MM / -HH:MM";
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        if (month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return "datetime date does not exist";
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return "datetime time does not exist";
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        if (epochSecond < MIN_EPOCH_SECOND) {
            return "datetime normalized to a negative time";
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Handle.isAsciiDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
