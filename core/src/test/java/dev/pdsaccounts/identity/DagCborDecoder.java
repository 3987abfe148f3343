package dev.pdsaccounts.identity;

import dev.pdsaccounts.error.CodecException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict DAG-CBOR decoder the tests check {@link DagCbor}'s encoding with (no production code reads
 * DAG-CBOR). It accepts only the canonical encoding {@link DagCbor} produces (minimal integer headers, definite
 * lengths, sorted unique string keys, no tags or floats, no trailing bytes), so {@code encode(decode(b))} equals
 * {@code b} for every accepted {@code b}.
 */
final class DagCborDecoder {
    private static final int MAX_DEPTH = DagCbor.MAX_DEPTH;

    private DagCborDecoder() {}

    /**
     * Decodes canonical DAG-CBOR into Java values: {@link LinkedHashMap} (in encoded key order),
     * {@link ArrayList}, {@link String}, {@link Long}, {@link Boolean}, {@code null} and {@code byte[]}.
     *
     * @param data the encoding of exactly one value
     * @return the decoded value
     * @throws CodecException if the bytes are not canonical DAG-CBOR of a supported
     *     value
     */
    public static Object decode(byte[] data) {
        if (data == null) {
            throw new CodecException("DAG-CBOR: input is missing");
        }
        Reader r = new Reader(data);
        Object value = r.read(0);
        if (r.pos != data.length) {
            throw new CodecException("DAG-CBOR: trailing bytes after the value");
        }
        return value;
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        private static CodecException fail(String what) {
            return new CodecException("DAG-CBOR: " + what);
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
                        if (previous != null && DagCbor.compareKeys(previous, keyBytes) >= 0) {
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

}
