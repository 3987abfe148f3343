package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.testsupport.Props;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** base58btc, base32 lower and strict base64url. */
class EncodingsTest {

    @Test
    void knownValues() {
        assertEquals("2NEpo7TZRRrLZSi2U", Multibase.base58btcEncode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("112", Multibase.base58btcEncode(new byte[] {0, 0, 1}));
        assertEquals("", Multibase.base58btcEncode(new byte[0]));
        assertArrayEquals(new byte[] {0, 0, 1}, Multibase.base58btcDecode("112"));
        assertEquals("", Multibase.base32LowerEncode(new byte[0]));
        assertEquals("my", Multibase.base32LowerEncode("f".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("mzxw6ytboi", Multibase.base32LowerEncode("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("bmzxw6ytboi", Multibase.encodeBase32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Multibase.decode("bmzxw6ytboi"));
        assertArrayEquals(new byte[] {0, 0, 1}, Multibase.decode("z112"));
        assertEquals("_-8", Multibase.base64UrlEncode(new byte[] {(byte) 0xff, (byte) 0xef}));
    }

    @Test
    void roundTripsAgainstTheJdk() {
        Props.forAll(500, r -> {
            byte[] data = new byte[r.nextInt(80)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) r.nextInt(r.nextBoolean() ? 1 : 256);
            }
            String b64 = Multibase.base64UrlEncode(data);
            assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(data), b64);
            assertArrayEquals(data, Multibase.base64UrlDecodeStrict(b64));
            assertArrayEquals(data, Multibase.base58btcDecode(Multibase.base58btcEncode(data)));
            assertArrayEquals(data, Multibase.base32LowerDecode(Multibase.base32LowerEncode(data)));
            assertArrayEquals(data, Multibase.decode(Multibase.encodeBase58btc(data)));
        });
    }

    private static void refused(Runnable r) {
        assertThrows(CodecException.class, r::run);
    }

    @Test
    void strictBase64url() {
        refused(() -> Multibase.base64UrlDecodeStrict("AAAA=="));
        refused(() -> Multibase.base64UrlDecodeStrict("AA=="));
        refused(() -> Multibase.base64UrlDecodeStrict("AAAA\n"));
        refused(() -> Multibase.base64UrlDecodeStrict("AA AA"));
        refused(() -> Multibase.base64UrlDecodeStrict("AB"));  // trailing bits
        refused(() -> Multibase.base64UrlDecodeStrict("AAB")); // trailing bits
        refused(() -> Multibase.base64UrlDecodeStrict("A"));   // impossible length
        refused(() -> Multibase.base64UrlDecodeStrict("a+/b"));
        refused(() -> Multibase.base64UrlDecodeStrict(null));
        refused(() -> Multibase.base64UrlDecodeStrict("A".repeat(Multibase.MAX_ENCODED_LENGTH + 4)));
        assertArrayEquals(new byte[] {0}, Multibase.base64UrlDecodeStrict("AA"));
    }

    @Test
    void strictBase32AndBase58() {
        refused(() -> Multibase.base32LowerDecode("MY"));
        refused(() -> Multibase.base32LowerDecode("mz"));  // trailing bits
        refused(() -> Multibase.base32LowerDecode("m"));   // impossible length
        refused(() -> Multibase.base32LowerDecode("my======"));
        refused(() -> Multibase.base58btcDecode("0OIl"));
        refused(() -> Multibase.base58btcDecode("abc def"));
        refused(() -> Multibase.decode("fabcdef"));
        refused(() -> Multibase.decode(""));
        refused(() -> Multibase.decode(null));
        refused(() -> Multibase.base58btcEncode(null));
    }
}
