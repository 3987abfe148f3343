package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.testsupport.Props;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The strict JSON codec: values, strictness, bounds, and agreement with Jackson on random documents. */
class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"],"
                + " \"b\": {}, \"c\": [], \"big\": 123456789012345678901234567890} ");
        Map<?, ?> map = (Map<?, ?>) v;
        List<?> a = (List<?>) map.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(3.5, a.get(2));
        assertEquals(1000.0, a.get(3));
        assertEquals(8, a.size());
        assertEquals(Boolean.TRUE, a.get(4));
        assertEquals(null, a.get(6));
        assertEquals("xé😀\n", a.get(7));
        assertEquals(Map.of(), map.get("b"));
        assertEquals(List.of(), map.get("c"));
        assertEquals(new BigInteger("123456789012345678901234567890"), map.get("big"));
        assertEquals(List.of("a", "b", "c", "big"), new ArrayList<>(map.keySet()), "insertion order kept");
        assertThrows(UnsupportedOperationException.class, () -> Json.parseObject("{}").put("x", 1));
    }

    @Test
    void refusesWhatStrictJsonRefuses() {
        List<String> bad = List.of("", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'x'", "01", "-",
                "1.", ".5", "1e", "+1", "NaN", "Infinity", "tru", "nul", "\"unterminated", "\"bad \\x escape\"",
                "\"\\u12\"", "\"\\uzzzz\"", "\"tab\there\"", "\"\\ud800\"", "\"\\udc00x\"", "{\"a\":1,\"a\":2}",
                "[1] [2]", "// comment\n1", "[1e99999]", "\"\u0001\"");
        for (String text : bad) {
            CodecException e = assertThrows(CodecException.class, () -> Json.parse(text), text);
            assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
        }
        assertThrows(CodecException.class, () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1)
                + "]".repeat(Json.MAX_DEPTH + 1)));
        Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
        assertThrows(CodecException.class, () -> Json.parse(new byte[] {'"', (byte) 0xc3, '"'}));
        assertThrows(CodecException.class, () -> Json.parse("\uFEFF{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CodecException.class, () -> Json.parseObject("[]"));
        assertThrows(CodecException.class, () -> Json.parse((String) null));
    }

    @Test
    void refusalsNameTheDefectWithoutRepeatingTheInput() {
        for (String text : List.of("{\"k\":s3cr3tvalue}", "{\"s3cr3tvalue\":1,\"s3cr3tvalue\":2}",
                "[\"s3cr3tvalue\" 1]", "\"s3cr3tvalue")) {
            String message = assertThrows(CodecException.class, () -> Json.parse(text)).getMessage();
            assertTrue(message.startsWith("invalid JSON: ") && !message.contains("s3cr3t"), message);
        }
        assertTrue(assertThrows(CodecException.class, () -> Json.parse("{\"a\":1,\"a\":2}")).getMessage()
                .contains("duplicate key"));
        assertTrue(assertThrows(CodecException.class, () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1)))
                .getMessage().contains("nesting too deep"));
        assertTrue(assertThrows(CodecException.class, () -> Json.parse("1".repeat(401))).getMessage()
                .contains("number literal too long"));
    }

    @Test
    void writesCompactEscapedJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"b\\n\n\u0001\u2028é😀");
        m.put("n", 5L);
        m.put("d", 2.5);
        m.put("l", Arrays.asList(true, null, List.of()));
        assertEquals("{\"s\":\"q\\\"b\\\\n\\n\\u0001\\u2028é😀\",\"n\":5,\"d\":2.5,\"l\":[true,null,[]]}",
                Json.write(m));
        assertEquals(m, Json.parse(Json.write(m)));
        assertThrows(CodecException.class, () -> Json.write("\ud800"));
        assertThrows(CodecException.class, () -> Json.write(Double.NaN));
        assertThrows(CodecException.class, () -> Json.write(new Object()));
        assertThrows(CodecException.class, () -> Json.write(Map.of(1, 2)));
    }

    @Test
    void randomDocumentsRoundTripAndAgreeWithJackson() {
        ObjectMapper jackson = new ObjectMapper();
        Props.forAll(300, r -> {
            Object value = randomValue(r, 0);
            String text = Json.write(value);
            assertEquals(value, Json.parse(text));
            assertEquals(value, Json.parse(text.getBytes(StandardCharsets.UTF_8)));
            try {
                assertEquals(jackson.readTree(text), jackson.readTree(Json.write(Json.parse(text))));
            } catch (Exception e) {
                throw new AssertionError("Jackson could not read " + text, e);
            }
        });
    }

    @Test
    void randomTextIsEitherJsonOrATypedRefusal() {
        String alphabet = "{}[]:,\"\\ 0123456789.-+eEtrufalsn\u0000\u00e9\ud83d\ude00ux";
        Props.forAll(2000, r -> {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(30);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                Json.parse(sb.toString());
            } catch (CodecException e) {
                assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
            }
        });
    }

    private static Object randomValue(SplittableRandom r, int depth) {
        int kind = depth > 4 ? r.nextInt(4) : r.nextInt(6);
        switch (kind) {
            case 0:
                return r.nextLong();
            case 1: {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    sb.append("ab\"\\\n\u0001é😀/".charAt(r.nextInt(10)));
                }
                String s = sb.toString();
                return s.replace("\ud83d", "").replace("\ude00", "") + (r.nextBoolean() ? "😀" : "");
            }
            case 2:
                return r.nextBoolean();
            case 3:
                return null;
            case 4: {
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    map.put("k" + r.nextInt(100), randomValue(r, depth + 1));
                }
                return map;
            }
        }
    }
}
