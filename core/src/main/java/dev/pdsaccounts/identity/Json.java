package dev.pdsaccounts.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonpCharacterEscapes;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.pdsaccounts.error.CodecException;
import java.io.IOException;
import java.io.StringWriter;
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
 * Strict JSON (RFC 8259) for DID documents, PLC operations, JWT headers and claims, on Jackson's streaming
 * parser and generator.
 *
 * <p>Parsing is strict and bounded: one value with optional surrounding whitespace, no comments, no trailing
 * commas, no leading zeros, no NaN, no duplicate object keys, no unescaped control characters, no lone
 * surrogates, strict UTF-8 for byte input (no byte order mark), nesting at most {@value #MAX_DEPTH} deep and
 * input at most {@value #MAX_INPUT_CHARS} characters. Values become {@link Map} (insertion-ordered,
 * unmodifiable), {@link List} (unmodifiable), {@link String}, {@link Long} (integers in the 64-bit range),
 * {@link BigInteger} (larger integers), {@link Double} (numbers with a fraction or exponent), {@link Boolean}
 * and {@code null}.
 *
 * <p>Writing accepts the same kinds of values (any {@link Number} but non-finite doubles) and produces
 * compact JSON with map entries in iteration order; U+2028 and U+2029 are escaped. Every failure is a
 * {@link CodecException} whose message starts with "invalid JSON" (reading) or "JSON" (writing) and never
 * repeats the input.
 */
public final class Json {
    /** Deepest nesting of objects and arrays accepted by {@link #parse(String)}. */
    public static final int MAX_DEPTH = 64;
    /** Longest input accepted by {@link #parse(String)}, in characters. */
    public static final int MAX_INPUT_CHARS = 4 * 1024 * 1024;
    /** Longest number literal accepted, in characters. */
    private static final int MAX_NUMBER_CHARS = 400;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_INPUT_CHARS)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .build())
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build()
            .setCharacterEscapes(JsonpCharacterEscapes.instance());

    private Json() {}

    /**
     * Parses one JSON value.
     *
     * @param text the JSON text
     * @return the value (see the class description for the Java types)
     * @throws CodecException "invalid JSON: ..." naming the problem and its offset
     */
    public static Object parse(String text) {
        if (text == null) {
            throw new CodecException("invalid JSON: input is missing");
        }
        if (text.length() > MAX_INPUT_CHARS) {
            throw new CodecException("invalid JSON: input is too large");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw error("unexpected end of input", parser);
            }
            Object value = readValue(parser, first, 0);
            if (parser.nextToken() != null) {
                throw error("unexpected trailing characters", parser);
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new CodecException("invalid JSON: " + constraint(e) + " at offset " + offset(e));
        } catch (JsonProcessingException e) {
            throw new CodecException("invalid JSON: " + reason(e) + " at offset " + offset(e));
        } catch (IOException e) {
            throw new CodecException("invalid JSON: unreadable input"); // a String source does no I/O
        }
    }

    /**
     * Parses strict UTF-8 JSON bytes.
     *
     * @param utf8 the bytes
     * @return the value
     * @throws CodecException for malformed UTF-8 or JSON
     */
    public static Object parse(byte[] utf8) {
        if (utf8 == null) {
            throw new CodecException("invalid JSON: input is missing");
        }
        if (utf8.length > MAX_INPUT_CHARS) {
            throw new CodecException("invalid JSON: input is too large");
        }
        String text;
        if (isAscii(utf8)) {
            // Every ASCII byte sequence is valid UTF-8; the common case (tokens, DIDs) needs no decoder.
            text = new String(utf8, StandardCharsets.US_ASCII);
        } else {
            // The JDK decoder refuses overlong forms, encoded surrogates and truncated sequences.
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw new CodecException("invalid JSON: malformed UTF-8");
            }
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new CodecException("invalid JSON: byte order mark is not allowed");
        }
        return parse(text);
    }

    /**
     * Parses JSON text that must be an object.
     *
     * @param text the JSON text
     * @return the object
     * @throws CodecException for malformed JSON or another kind of value
     */
    public static Map<String, Object> parseObject(String text) {
        return asObject(parse(text));
    }

    /**
     * Parses UTF-8 JSON bytes that must be an object.
     *
     * @param utf8 the bytes
     * @return the object
     * @throws CodecException for malformed input or another kind of value
     */
    public static Map<String, Object> parseObject(byte[] utf8) {
        return asObject(parse(utf8));
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value a map with string keys, list, string, number, boolean or {@code null}, nested at most
     *     {@value #MAX_DEPTH} deep
     * @return the JSON text
     * @throws CodecException for an unsupported value, a non-finite number or a string with a lone surrogate
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value, 0);
        } catch (IOException e) {
            throw new CodecException("JSON: could not write the value"); // a StringWriter does no I/O
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- reading

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        if (!(value instanceof Map)) {
            throw new CodecException("invalid JSON: expected an object");
        }
        return (Map<String, Object>) value;
    }

    private static Object readValue(JsonParser parser, JsonToken token, int depth) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken t;
                while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = checkedString(parser.currentName(), parser);
                    // Jackson's STRICT_DUPLICATE_DETECTION has refused a repeated key already.
                    map.put(key, readValue(parser, parser.nextToken(), depth + 1));
                }
                expect(t, JsonToken.END_OBJECT, parser);
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw error("unexpected end of input", parser);
                    }
                    list.add(readValue(parser, t, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return checkedString(parser.getText(), parser);
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return parser.getBigIntegerValue();
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                double d = parser.getDoubleValue();
                if (Double.isInfinite(d) || Double.isNaN(d)) {
                    throw error("number out of range", parser);
                }
                return d;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw error("unexpected token", parser);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) {
        if (actual != expected) {
            throw error(actual == null ? "unexpected end of input" : "unexpected token", parser);
        }
    }

    /** Jackson passes lone surrogates (escaped or in a Java string) through; JSON text must not carry them. */
    private static String checkedString(String s, JsonParser parser) {
        if (loneSurrogateAt(s) >= 0) {
            throw error("string contains a lone surrogate", parser);
        }
        return s;
    }

    private static CodecException error(String what, JsonParser parser) {
        return new CodecException("invalid JSON: " + what + " at offset " + parser.currentLocation().getCharOffset());
    }

    private static long offset(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
    }

    private static String constraint(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "nesting too deep";
        }
        if (m.contains("Number value length")) {
            return "number literal too long";
        }
        return "input exceeds a limit";
    }

    /** A short reason from Jackson's message, never its quote of the input. */
    private static String reason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate Object property") || m.startsWith("Duplicate field")) {
            return "duplicate key";
        }
        if (m.contains("end-of-input") || m.contains("end of input")) {
            return "unexpected end of input";
        }
        if (m.contains("control character")) {
            return "unescaped control character in string";
        }
        if (m.contains("escape")) {
            return "invalid escape";
        }
        if (m.contains("Leading zeroes") || m.contains("leading zero")) {
            return "leading zero in number";
        }
        if (m.contains("numeric value") || m.contains("Numeric value") || m.contains("number")) {
            return "invalid number";
        }
        return "unexpected character";
    }

    // ---------------------------------------------------------------- writing

    private static void write(JsonGenerator out, Object value, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new CodecException("JSON: value nested too deeply");
        }
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new CodecException("JSON: non-finite numbers cannot be written");
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.writeNumber((long) d); // integral values as integers, as JavaScript writes them
            } else {
                out.writeNumber(d);
            }
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            out.writeNumber(big);
        } else if (value instanceof BigDecimal dec) {
            out.writeNumber(dec);
        } else if (value instanceof Number) {
            out.writeNumber(value.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new CodecException("JSON: object keys must be strings");
                }
                requireNoLoneSurrogate(key);
                out.writeFieldName(key);
                write(out, e.getValue(), depth + 1);
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(out, item, depth + 1);
            }
            out.writeEndArray();
        } else {
            throw new CodecException("JSON: unsupported value type " + value.getClass().getName());
        }
    }

    private static void writeString(JsonGenerator out, String s) throws IOException {
        requireNoLoneSurrogate(s);
        out.writeString(s);
    }

    private static void requireNoLoneSurrogate(String s) {
        if (loneSurrogateAt(s) >= 0) {
            throw new CodecException("JSON: string contains a lone surrogate");
        }
    }

    private static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
