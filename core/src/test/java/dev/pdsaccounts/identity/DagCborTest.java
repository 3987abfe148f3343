package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.testsupport.Props;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Deterministic DAG-CBOR encoding and the canonical-only decoder. */
class DagCborTest {

    private static byte[] hex(String h) {
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void encodesKnownValues() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("aa", "x");
        map.put("b", Arrays.asList(true, false, null));
        map.put("a", 1);
        map.put("", new byte[] {0});
        assertArrayEquals(hex("a46041006161016162" + "83f5f4f6" + "626161" + "6178"), DagCbor.encode(map));
        assertArrayEquals(hex("20"), DagCbor.encode(-1L));
        assertArrayEquals(hex("1818"), DagCbor.encode(24));
        assertArrayEquals(hex("190100"), DagCbor.encode(256));
        assertArrayEquals(hex("1a00010000"), DagCbor.encode(65536));
        assertArrayEquals(hex("1b0000000100000000"), DagCbor.encode(4294967296L));
        assertArrayEquals(hex("1b7fffffffffffffff"), DagCbor.encode(Long.MAX_VALUE));
        assertArrayEquals(hex("3b7fffffffffffffff"), DagCbor.encode(Long.MIN_VALUE));
        assertArrayEquals(hex("1b7fffffffffffffff"), DagCbor.encode(BigInteger.valueOf(Long.MAX_VALUE)));
        assertArrayEquals(hex("f6"), DagCbor.encode(null));
        assertArrayEquals(hex("63e282ac"), DagCbor.encode("\u20ac"));
        assertArrayEquals(hex("64f09f9880"), DagCbor.encode("\uD83D\uDE00"));
        assertEquals(Long.MIN_VALUE, DagCborDecoder.decode(hex("3b7fffffffffffffff")));
    }

    @Test
    void refusesUnsupportedValues() {
        assertThrows(CodecException.class, () -> DagCbor.encode(1.5));
        assertThrows(CodecException.class, () -> DagCbor.encode(1.0f));
        assertThrows(CodecException.class, () -> DagCbor.encode(new Object()));
        assertThrows(CodecException.class, () -> DagCbor.encode(BigInteger.ONE.shiftLeft(64)));
        assertThrows(CodecException.class, () -> DagCbor.encode("\uD83D"));
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, "x");
        assertThrows(CodecException.class, () -> DagCbor.encode(intKey));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThrows(CodecException.class, () -> DagCbor.encode(nullKey));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThrows(CodecException.class, () -> DagCbor.encode(cyclic));
    }

    @Test
    void decoderAcceptsOnlyCanonicalEncodings() {
        for (String bad : List.of("", "1805", "190005", "9f", "bf", "5f", "7f", "f97e00", "fb3ff8000000000000",
                "d82a40", "a2616201616102", "a2616101616102", "f6f6", "62c328", "1bffffffffffffffff",
                "3b8000000000000000", "a1016161", "f7", "e0", "1c", "6261", "8201", "5a7fffffff",
                "9b7fffffffffffffff")) {
            assertThrows(CodecException.class, () -> DagCborDecoder.decode(hex(bad)), bad);
        }
        assertThrows(CodecException.class, () -> DagCborDecoder.decode(null));
        byte[] deep = new byte[200];
        Arrays.fill(deep, (byte) 0x81);
        assertThrows(CodecException.class, () -> DagCborDecoder.decode(deep));
    }

    static Object randomValue(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 3 ? 6 : 8);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2: {
                int scale = r.nextInt(5);
                long v = scale == 0 ? r.nextInt(30) - 15 : scale == 1 ? r.nextInt(70000) - 35000
                        : scale == 2 ? r.nextLong(1L << 33) - (1L << 32) : r.nextLong();
                return r.nextBoolean() && v == (int) v ? Integer.valueOf((int) v) : Long.valueOf(v);
            }
            case 3:
                return randomString(r);
            case 4: {
                byte[] b = new byte[r.nextInt(40)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 5:
                return randomString(r).isEmpty() ? 0L : "s";
            case 6: {
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new HashMap<>();
                int n = r.nextInt(7);
                for (int i = 0; i < n; i++) {
                    map.put(randomString(r), randomValue(r, depth + 1));
                }
                return map;
            }
        }
    }

    static String randomString(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(10);
            int cp = pick < 6 ? 'a' + r.nextInt(26) : pick < 8 ? 0x80 + r.nextInt(0x700)
                    : pick < 9 ? 0x1F600 + r.nextInt(80) : 0x4E00 + r.nextInt(500);
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    @Test
    void encodeDecodeEncodeIsStable() {
        Props.forAll(1000, r -> {
            Object value = randomValue(r, 0);
            byte[] once = DagCbor.encode(value);
            Object decoded = DagCborDecoder.decode(once);
            byte[] twice = DagCbor.encode(decoded);
            assertArrayEquals(once, twice);
            assertArrayEquals(once, DagCbor.encode(DagCbor.freeze(value)));
            assertEquals(Cid.dagCborSha256(once), Cid.ofValue(decoded));
        });
    }

    @Test
    void cidOfKnownBytes() {
        // CID of the empty DAG-CBOR map, a well-known value
        assertEquals("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua", Cid.ofValue(Map.of()));
    }
}
