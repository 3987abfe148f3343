package dev.pdsaccounts.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helper: hand-crafted compact JWS strings (any header, any payload, any HMAC). */
final class Jwt {
    private Jwt() {}

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }

    /** {@code header.payload.HMAC(macAlg, secret)}. */
    static String sign(String headerJson, String payloadJson, byte[] secret, String macAlg) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance(macAlg);
            mac.init(new SecretKeySpec(secret, macAlg));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 over the given header and payload. */
    static String hs256(String headerJson, String payloadJson, byte[] secret) {
        return sign(headerJson, payloadJson, secret, "HmacSHA256");
    }
}
