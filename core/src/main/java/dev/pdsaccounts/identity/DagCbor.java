package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.LexiconException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic DAG-CBOR for JSON-like Java values, as used to hash and sign PLC operations.
 *
 * <p>Supported values: {@code Map<String, ?>} (keys sorted by encoded length, then bytewise), {@link List},
 * {@link String} (strict UTF-8), integers ({@link Long}, {@link Integer}, {@link Short}, {@link Byte}, and
 * {@link BigInteger} within the 64-bit signed range), {@link Boolean}, {@code null} and {@code byte[]}.
 * Floating-point numbers are refused (atproto's data model has none), as are other types, non-string map
 * keys, unpaired UTF-16 surrogates and nesting deeper than {@value #MAX_DEPTH}.
 *
 * <p>{@link #decode(byte[])} accepts only the canonical encoding this class produces (minimal integer
 * headers, definite lengths, sorted unique string keys, no tags or floats, no trailing bytes), so
 * {@code encode(decode(b))} equals {@code b} for every accepted {@code b}.
 */
public final class DagCbor {
    /** Deepest nesting of maps and lists accepted by both directions. */
    public static final int MAX_DEPTH = 64;

    private DagCbor() {}

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes a value as deterministic DAG-CBOR.
     *
     * @param value a JSON-like value (see the class description)
     * @return the canonical encoding
     * @throws LexiconException {@code InvalidRequest} for an unsupported value
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw LexiconException.invalidRequest("DAG-CBOR: value nested too deeply");
        }
        if (value == null) {
            out.write(0xf6);
        } else if (value instanceof Boolean) {
            out.write((Boolean) value ? 0xf5 : 0xf4);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            writeInteger(out, ((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            BigInteger big = (BigInteger) value;
            if (big.bitLength() > 63) {
                throw LexiconException.invalidRequest("DAG-CBOR: integer out of the 64-bit range");
            }
            writeInteger(out, big.longValue());
        } else if (value instanceof String) {
            byte[] utf8 = utf8((String) value);
            writeHeader(out, 3, utf8.length);
            out.write(utf8, 0, utf8.length);
        } else if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            writeHeader(out, 2, bytes.length);
            out.write(bytes, 0, bytes.length);
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            writeHeader(out, 4, list.size());
            for (Object item : list) {
                write(out, item, depth + 1);
            }
        } else if (value instanceof Map) {
            writeMap(out, (Map<?, ?>) value, depth);
        } else if (value instanceof Number) {
            throw LexiconException.invalidRequest("DAG-CBOR: floating-point and other non-integer numbers are not"
                    + " supported");
        } else {
            throw LexiconException.invalidRequest("DAG-CBOR: unsupported value type " + value.getClass().getName());
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map, int depth) {
        List<byte[]> keys = new ArrayList<>(map.size());
        List<Object> values = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw LexiconException.invalidRequest("DAG-CBOR: map keys must be strings");
            }
            keys.add(utf8((String) e.getKey()));
            values.add(e.getValue());
        }
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compareKeys(keys.get(a), keys.get(b)));
        for (int i = 1; i < order.length; i++) {
            if (compareKeys(keys.get(order[i - 1]), keys.get(order[i])) == 0) {
                throw LexiconException.invalidRequest("DAG-CBOR: duplicate map key");
            }
        }
        writeHeader(out, 5, order.length);
        for (Integer i : order) {
            byte[] k = keys.get(i);
            writeHeader(out, 3, k.length);
            out.write(k, 0, k.length);
            write(out, values.get(i), depth + 1);
        }
    }

    /** DAG-CBOR key order: shorter encodings first, then bytewise (unsigned) comparison. */
    private static int compareKeys(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }

    private static void writeInteger(ByteArrayOutputStream out, long v) {
        if (v >= 0) {
            writeHeader(out, 0, v);
        } else {
            writeHeader(out, 1, -1 - v);
        }
    }

    private static void writeHeader(ByteArrayOutputStream out, int major, long arg) {
        int m = major << 5;
        if (arg < 24) {
            out.write(m | (int) arg);
        } else if (arg <= 0xffL) {
            out.write(m | 24);
            out.write((int) arg);
        } else if (arg <= 0xffffL) {
            out.write(m | 25);
            writeBigEndian(out, arg, 2);
        } else if (arg <= 0xffffffffL) {
            out.write(m | 26);
            writeBigEndian(out, arg, 4);
        } else {
            out.write(m | 27);
            writeBigEndian(out, arg, 8);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw LexiconException.invalidRequest("DAG-CBOR: string is not valid Unicode (unpaired surrogate)");
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes canonical DAG-CBOR into Java values: {@link LinkedHashMap} (in encoded key order),
     * {@link ArrayList}, {@link String}, {@link Long}, {@link Boolean}, {@code null} and {@code byte[]}.
     *
     * @param data the encoding of exactly one value
     * @return the decoded value
     * @throws LexiconException {@code InvalidRequest} if the bytes are not canonical DAG-CBOR of a supported
     *     value
     */
    public static Object decode(byte[] data) {
        if (data == null) {
            throw LexiconException.invalidRequest("DAG-CBOR: input is missing");
        }
        Reader r = new Reader(data);
        Object value = r.read(0);
        if (r.pos != data.length) {
            throw LexiconException.invalidRequest("DAG-CBOR: trailing bytes after the value");
        }
        return value;
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        private static LexiconException fail(String what) {
            return LexiconException.invalidRequest("DAG-CBOR: " + what);
        }

        private int next() {
            if (pos >= data.length) {
                throw fail("unexpected end of input");
            }
            return data[pos++] & 0xff;
        }

        /** Reads a header argument; returns it as an unsigned value (negative long means above 2^63 - 1). */
        private long argument(int info) {
            long v;
            long min;
            if (info < 24) {
                return info;
            } else if (info == 24) {
                v = next();
                min = 24;
            } else if (info == 25) {
                v = readBigEndian(2);
                min = 0x100;
            } else if (info == 26) {
                v = readBigEndian(4);
                min = 0x10000;
            } else if (info == 27) {
                v = readBigEndian(8);
                min = 0x100000000L;
            } else {
                throw fail("indefinite lengths and reserved header values are not allowed");
            }
            if (Long.compareUnsigned(v, min) < 0) {
                throw fail("non-minimal integer or length encoding");
            }
            return v;
        }

        private long readBigEndian(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | next();
            }
            return v;
        }

        private int length(long arg) {
            if (arg < 0 || arg > data.length - pos) {
                throw fail("length exceeds the remaining input");
            }
            return (int) arg;
        }

        Object read(int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("value nested too deeply");
            }
            int initial = next();
            int major = initial >>> 5;
            int info = initial & 31;
            switch (major) {
                case 0: {
                    long v = argument(info);
                    if (v < 0) {
                        throw fail("integer out of the 64-bit signed range");
                    }
                    return v;
                }
                case 1: {
                    long v = argument(info);
                    if (v < 0) {
                        throw fail("integer out of the 64-bit signed range");
                    }
                    return -1 - v;
                }
                case 2: {
                    int n = length(argument(info));
                    byte[] b = Arrays.copyOfRange(data, pos, pos + n);
                    pos += n;
                    return b;
                }
                case 3:
                    return readString(info);
                case 4: {
                    int n = length(argument(info));
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(read(depth + 1));
                    }
                    return list;
                }
                case 5: {
                    int n = length(argument(info));
                    Map<String, Object> map = new LinkedHashMap<>();
                    byte[] previous = null;
                    for (int i = 0; i < n; i++) {
                        int keyInitial = next();
                        if (keyInitial >>> 5 != 3) {
                            throw fail("map keys must be strings");
                        }
                        int keyStart = pos;
                        String key = readString(keyInitial & 31);
                        byte[] keyBytes = Arrays.copyOfRange(data, keyStart, pos);
                        if (previous != null && compareKeys(previous, keyBytes) >= 0) {
                            throw fail("map keys are not in canonical order or are duplicated");
                        }
                        previous = keyBytes;
                        map.put(key, read(depth + 1));
                    }
                    return map;
                }
                case 6:
                    throw fail("tags are not supported");
                default:
                    if (initial == 0xf4) {
                        return Boolean.FALSE;
                    }
                    if (initial == 0xf5) {
                        return Boolean.TRUE;
                    }
                    if (initial == 0xf6) {
                        return null;
                    }
                    throw fail("floats and simple values other than true, false and null are not supported");
            }
        }

        private String readString(int info) {
            int n = length(argument(info));
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, pos, n))
                        .toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw fail("string is not valid UTF-8");
            }
        }
    }

    /**
     * Returns a deep, unmodifiable copy of a JSON-like value ({@code byte[]} values are copied), validating it
     * on the way: the result is safe to share between threads and encodes exactly as the input did.
     *
     * @param value a JSON-like value
     * @return the frozen copy
     * @throws LexiconException {@code InvalidRequest} for an unsupported value
     */
    public static Object freeze(Object value) {
        return freeze(value, 0);
    }

    private static Object freeze(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw LexiconException.invalidRequest("DAG-CBOR: value nested too deeply");
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw LexiconException.invalidRequest("DAG-CBOR: map keys must be strings");
                }
                copy.put((String) e.getKey(), freeze(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>(((List<?>) value).size());
            for (Object item : (List<?>) value) {
                copy.add(freeze(item, depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigInteger) {
            return value;
        }
        throw LexiconException.invalidRequest("DAG-CBOR: unsupported value type " + value.getClass().getName());
    }
}
