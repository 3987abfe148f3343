package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON codec (RFC 8259) for DID documents, PLC operations, JWT headers and claims; core carries
 * no JSON library.
 *
 * <p>Parsing is strict and bounded: one value with optional surrounding whitespace, no comments, no trailing
 * commas, no leading zeros, no duplicate object keys, no unescaped control characters, no lone surrogates,
 * strict UTF-8 for byte input, nesting at most {@value #MAX_DEPTH} deep and input at most
 * {@value #MAX_INPUT_CHARS} characters. Values become {@link Map} (insertion-ordered, unmodifiable),
 * {@link List} (unmodifiable), {@link String}, {@link Long} (integers in the 64-bit range), {@link BigInteger}
 * (larger integers), {@link Double} (numbers with a fraction or exponent), {@link Boolean} and {@code null}.
 *
 * <p>Writing accepts the same kinds of values (any {@link Number} but non-finite doubles) and produces
 * compact JSON with map entries in iteration order.
 */
public final class Json {
    /** Deepest nesting of objects and arrays accepted by {@link #parse(String)}. */
    public static final int MAX_DEPTH = 64;
    /** Longest input accepted by {@link #parse(String)}, in characters. */
    public static final int MAX_INPUT_CHARS = 4 * 1024 * 1024;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value.
     *
     * @param text the JSON text
     * @return the value (see the class description for the Java types)
     * @throws LexiconException {@code InvalidRequest} "invalid JSON: ..." naming the problem and its offset
     */
    public static Object parse(String text) {
        if (text == null) {
            throw LexiconException.invalidRequest("invalid JSON: input is missing");
        }
        if (text.length() > MAX_INPUT_CHARS) {
            throw LexiconException.invalidRequest("invalid JSON: input is too large");
        }
        Json parser = new Json(text);
        parser.skipWhitespace();
        Object value = parser.readValue(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected trailing characters");
        }
        return value;
    }

    /**
     * Parses strict UTF-8 JSON bytes.
     *
     * @param utf8 the bytes
     * @return the value
     * @throws LexiconException {@code InvalidRequest} for malformed UTF-8 or JSON
     */
    public static Object parse(byte[] utf8) {
        if (utf8 == null) {
            throw LexiconException.invalidRequest("invalid JSON: input is missing");
        }
        if (utf8.length > MAX_INPUT_CHARS) {
            throw LexiconException.invalidRequest("invalid JSON: input is too large");
        }
        String text;
        if (isAscii(utf8)) {
            // Every ASCII byte sequence is valid UTF-8; the common case (tokens, DIDs) needs no decoder.
            text = new String(utf8, StandardCharsets.US_ASCII);
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw LexiconException.invalidRequest("invalid JSON: malformed UTF-8");
            }
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw LexiconException.invalidRequest("invalid JSON: byte order mark is not allowed");
        }
        return parse(text);
    }

    /**
     * Parses JSON text that must be an object.
     *
     * @param text the JSON text
     * @return the object
     * @throws LexiconException {@code InvalidRequest} for malformed JSON or another kind of value
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw LexiconException.invalidRequest("invalid JSON: expected an object");
        }
        return (Map<String, Object>) value;
    }

    /**
     * Parses UTF-8 JSON bytes that must be an object.
     *
     * @param utf8 the bytes
     * @return the object
     * @throws LexiconException {@code InvalidRequest} for malformed input or another kind of value
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] utf8) {
        Object value = parse(utf8);
        if (!(value instanceof Map)) {
            throw LexiconException.invalidRequest("invalid JSON: expected an object");
        }
        return (Map<String, Object>) value;
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value a map with string keys, list, string, number, boolean or {@code null}, nested at most
     *     {@value #MAX_DEPTH} deep
     * @return the JSON text
     * @throws LexiconException {@code InvalidRequest} for an unsupported value, a non-finite number or a string
     *     with a lone surrogate
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(out, value, 0);
        return out.toString();
    }

    // ---------------------------------------------------------------- writing

    private static void write(StringBuilder out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw LexiconException.invalidRequest("JSON: value nested too deeply");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw LexiconException.invalidRequest("JSON: non-finite numbers cannot be written");
            }
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).toString());
        } else if (value instanceof Number) {
            out.append(value.toString());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw LexiconException.invalidRequest("JSON: object keys must be strings");
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, (String) e.getKey());
                out.append(':');
                write(out, e.getValue(), depth + 1);
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item, depth + 1);
            }
            out.append(']');
        } else {
            throw LexiconException.invalidRequest("JSON: unsupported value type " + value.getClass().getName());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw LexiconException.invalidRequest("JSON: string contains a lone surrogate");
                }
                out.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                throw LexiconException.invalidRequest("JSON: string contains a lone surrogate");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---------------------------------------------------------------- parsing

    private LexiconException error(String what) {
        return LexiconException.invalidRequest("invalid JSON: " + what + " at offset " + pos);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Object readValue(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject(depth + 1);
            case '[':
                return readArray(depth + 1);
            case '"':
                return readString();
            case 't':
                expectLiteral("true");
                return Boolean.TRUE;
            case 'f':
                expectLiteral("false");
                return Boolean.FALSE;
            case 'n':
                expectLiteral("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character");
        }
    }

    private void expectLiteral(String literal) {
        if (!text.startsWith(literal, pos)) {
            throw error("invalid literal");
        }
        pos += literal.length();
    }

    private Map<String, Object> readObject(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error("expected a string key");
            }
            String key = readString();
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error("expected ':'");
            }
            pos++;
            skipWhitespace();
            Object value = readValue(depth);
            if (map.containsKey(key)) {
                throw error("duplicate key");
            }
            map.put(key, value);
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> readArray(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(readValue(depth));
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String readString() {
        pos++; // opening quote
        // Fast path: no escape, no control character, no surrogate before the closing quote.
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                String s = text.substring(pos, i);
                pos = i + 1;
                return s;
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(readHex4());
                default -> {
                    pos--;
                    throw error("invalid escape");
                }
            }
        }
        String s = sb.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("lone surrogate in string");
            }
        }
        return s;
    }

    private char readHex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0 || text.charAt(pos + i) > 'f') {
                throw error("invalid \\u escape");
            }
            v = (v << 4) | d;
        }
        pos += 4;
        return (char) v;
    }

    private Object readNumber() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= text.length()) {
            throw error("truncated number");
        }
        char first = text.charAt(pos);
        if (first == '0') {
            pos++;
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                throw error("leading zero in number");
            }
        } else if (first >= '1' && first <= '9') {
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        } else {
            throw error("invalid number");
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            int digits = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw error("invalid fraction");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw error("invalid exponent");
            }
        }
        String literal = text.substring(start, pos);
        if (literal.length() > 400) {
            throw error("number literal too long");
        }
        if (integral) {
            if (literal.length() <= 18) {
                return Long.parseLong(literal); // at most 18 digits always fit in a long
            }
            BigInteger big = new BigInteger(literal);
            return big.bitLength() <= 63 ? (Object) big.longValue() : big;
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw error("number out of range");
        }
        return d;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
