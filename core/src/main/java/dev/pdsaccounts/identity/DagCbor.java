package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
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
 * <p>Encoding only: nothing in production reads DAG-CBOR. The strict decoder the tests use to check the
 * encoding is {@code DagCborDecoder} in core's tests.
 */
public final class DagCbor {
    /** Deepest nesting of maps and lists accepted. */
    public static final int MAX_DEPTH = 64;

    private DagCbor() {}

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes a value as deterministic DAG-CBOR.
     *
     * @param value a JSON-like value (see the class description)
     * @return the canonical encoding
     * @throws CodecException for an unsupported value
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CodecException("DAG-CBOR: value nested too deeply");
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
                throw new CodecException("DAG-CBOR: integer out of the 64-bit range");
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
            throw new CodecException("DAG-CBOR: floating-point and other non-integer numbers are not"
                    + " supported");
        } else {
            throw new CodecException("DAG-CBOR: unsupported value type " + value.getClass().getName());
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map, int depth) {
        List<byte[]> keys = new ArrayList<>(map.size());
        List<Object> values = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new CodecException("DAG-CBOR: map keys must be strings");
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
                throw new CodecException("DAG-CBOR: duplicate map key");
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
    static int compareKeys(byte[] a, byte[] b) {
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
            throw new CodecException("DAG-CBOR: string is not valid Unicode (unpaired surrogate)");
        }
    }

    /**
     * Returns a deep, unmodifiable copy of a JSON-like value ({@code byte[]} values are copied), validating it
     * on the way: the result is safe to share between threads and encodes exactly as the input did.
     *
     * @param value a JSON-like value
     * @return the frozen copy
     * @throws CodecException for an unsupported value
     */
    public static Object freeze(Object value) {
        return freeze(value, 0);
    }

    private static Object freeze(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CodecException("DAG-CBOR: value nested too deeply");
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new CodecException("DAG-CBOR: map keys must be strings");
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
        throw new CodecException("DAG-CBOR: unsupported value type " + value.getClass().getName());
    }
}
