package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Service-auth JWTs: round trips on both curves, lenient high-S acceptance, and every refusal. */
class ServiceAuthTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String ISS = "did:plc:abcdefghijklmnopqrstuvwx";
    private static final String AUD = "did:web:pds.example.com";
    private static final String LXM = "com.atproto.server.createAccount";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ServiceAuth auth = new ServiceAuth(clock, RANDOM);

    /** A DID document naming {@code key} as #atproto, Multikey or a legacy type. */
    static Map<String, Object> doc(String did, PublicKey key, String type) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("id", did + "#atproto");
        vm.put("type", type);
        vm.put("controller", did);
        vm.put("publicKeyMultibase", DidDocuments.MULTIKEY_TYPE.equals(type) ? key.multibase()
                : Multibase.encodeBase58btc(key.compressed()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", did);
        doc.put("verificationMethod", List.of(vm));
        return doc;
    }

    static DidResolver resolverOf(String did, Map<String, Object> doc) {
        return d -> d.equals(did) ? Optional.of(doc) : Optional.empty();
    }

    private static LexiconException refused(Runnable r) {
        LexiconException e = assertThrows(LexiconException.class, r::run);
        assertEquals(LexiconError.AUTHENTICATION_REQUIRED, e.error(), e.getMessage());
        assertEquals(401, e.status());
        return e;
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void roundTripOnBothCurves(KeyAlgorithm alg) {
        SigningKeyPair key = SigningKeyPair.generate(alg, RANDOM);
        String jwt = auth.issue(key, ISS, AUD, Optional.of(LXM), NOW.plusSeconds(60));
        String header = new String(Multibase.base64UrlDecodeStrict(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        assertEquals("{\"typ\":\"JWT\",\"alg\":\"" + alg.jwtAlg() + "\"}", header);
        Map<String, Object> claims = Json.parseObject(Multibase.base64UrlDecodeStrict(jwt.split("\\.")[1]));
        assertEquals(List.of("iat", "iss", "aud", "exp", "lxm", "jti"), new ArrayList<>(claims.keySet()));
        for (String type : List.of(DidDocuments.MULTIKEY_TYPE,
                alg == KeyAlgorithm.P256 ? DidDocuments.LEGACY_P256_TYPE : DidDocuments.LEGACY_K256_TYPE)) {
            ServiceAuthClaims verified = auth.verify(jwt, AUD, Optional.of(LXM),
                    resolverOf(ISS, doc(ISS, key.publicKey(), type)));
            assertEquals(ISS, verified.iss());
            assertEquals(AUD, verified.aud());
            assertEquals(NOW.plusSeconds(60), verified.exp());
            assertEquals(Optional.of(NOW), verified.iat());
            assertEquals(Optional.of(LXM), verified.lxm());
            assertTrue(verified.jti().orElseThrow().matches("[0-9a-f]{32}"));
        }
        // No expected lxm: any (or none) is accepted.
        assertEquals(Optional.of(LXM), auth.verify(jwt, AUD, Optional.empty(),
                resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE))).lxm());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void highSSignaturesFromOtherImplementationsAreAccepted(KeyAlgorithm alg) {
        SigningKeyPair key = SigningKeyPair.generate(alg, RANDOM);
        String jwt = auth.issue(key, ISS, AUD, Optional.of(LXM), NOW.plusSeconds(60));
        String[] parts = jwt.split("\\.");
        byte[] sig = Multibase.base64UrlDecodeStrict(parts[2]);
        BigInteger n = Ecdsa.domain(alg).getN();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] high = sig.clone();
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, n.subtract(s)), 0, high, 32, 32);
        assertTrue(Ecdsa.isHighS(alg, high));
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        assertFalse(key.publicKey().verify(input, high), "strict verification refuses high-S");
        String highJwt = parts[0] + "." + parts[1] + "." + Multibase.base64UrlEncode(high);
        assertEquals(ISS, auth.verify(highJwt, AUD, Optional.of(LXM),
                resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE))).iss());
    }

    @Test
    void issuerFragmentIsStrippedForResolution() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        String jwt = auth.issue(key, ISS + "#bsky_fg", AUD, Optional.empty(), NOW.plusSeconds(30));
        ServiceAuthClaims claims = auth.verify(jwt, AUD, Optional.empty(),
                resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE)));
        assertEquals(ISS + "#bsky_fg", claims.iss());
        assertEquals(ISS, claims.issuerDid());
    }

    /** As the reference: an issuer {@code <did>#atproto_labeler} signs with the {@code #atproto_label} key. */
    @Test
    void aLabelerIssuerIsVerifiedWithItsLabelKey() {
        SigningKeyPair atproto = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        SigningKeyPair label = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        Map<String, Object> doc = new LinkedHashMap<>(doc(ISS, atproto.publicKey(), DidDocuments.MULTIKEY_TYPE));
        Map<String, Object> labelVm = new LinkedHashMap<>();
        labelVm.put("id", ISS + "#atproto_label");
        labelVm.put("type", DidDocuments.MULTIKEY_TYPE);
        labelVm.put("controller", ISS);
        labelVm.put("publicKeyMultibase", label.publicKey().multibase());
        List<Object> vms = new ArrayList<>((List<?>) doc.get("verificationMethod"));
        vms.add(labelVm);
        doc.put("verificationMethod", vms);
        String iss = ISS + ServiceAuth.LABELER_FRAGMENT;
        assertEquals(iss, auth.verify(auth.issue(label, iss, AUD, Optional.empty(), NOW.plusSeconds(30)), AUD,
                Optional.empty(), resolverOf(ISS, doc)).iss());
        LexiconException e = assertThrows(LexiconException.class, () -> auth.verify(
                auth.issue(atproto, iss, AUD, Optional.empty(), NOW.plusSeconds(30)), AUD, Optional.empty(),
                resolverOf(ISS, doc)));
        assertEquals("jwt signature does not match jwt issuer", e.getMessage());
    }

    @Test
    void everyRefusalHasItsMessage() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        DidResolver resolver = resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE));
        String good = auth.issue(key, ISS, AUD, Optional.of(LXM), NOW.plusSeconds(60));

        assertEquals("jwt audience does not match service did",
                refused(() -> auth.verify(good, "did:web:other.example", Optional.of(LXM), resolver)).getMessage());
        assertEquals("bad jwt lexicon method (\"lxm\"). must match: com.atproto.repo.createRecord",
                refused(() -> auth.verify(good, AUD, Optional.of("com.atproto.repo.createRecord"), resolver))
                        .getMessage());
        String noLxm = auth.issue(key, ISS, AUD, Optional.empty(), NOW.plusSeconds(60));
        assertEquals("missing jwt lexicon method (\"lxm\"). must match: " + LXM,
                refused(() -> auth.verify(noLxm, AUD, Optional.of(LXM), resolver)).getMessage());
        String expired = auth.issue(key, ISS, AUD, Optional.of(LXM), NOW.minusSeconds(1));
        assertEquals("jwt expired", refused(() -> auth.verify(expired, AUD, Optional.of(LXM), resolver)).getMessage());
        String atExp = auth.issue(key, ISS, AUD, Optional.of(LXM), NOW);
        assertEquals(ISS, auth.verify(atExp, AUD, Optional.of(LXM), resolver).iss(), "valid through its exp second");

        SigningKeyPair other = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        String forged = auth.issue(other, ISS, AUD, Optional.of(LXM), NOW.plusSeconds(60));
        assertEquals("jwt signature does not match jwt issuer",
                refused(() -> auth.verify(forged, AUD, Optional.of(LXM), resolver)).getMessage());
        assertEquals("jwt signature does not match jwt issuer",
                refused(() -> auth.verify(good, AUD, Optional.of(LXM), d -> Optional.empty())).getMessage());
        Map<String, Object> noKey = new LinkedHashMap<>(doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE));
        noKey.remove("verificationMethod");
        assertEquals("jwt signature does not match jwt issuer",
                refused(() -> auth.verify(good, AUD, Optional.of(LXM), resolverOf(ISS, noKey))).getMessage());
        // A P-256 key in the document cannot verify an ES256K token, and a token whose alg lies fails too.
        SigningKeyPair p256 = SigningKeyPair.generate(KeyAlgorithm.P256, RANDOM);
        assertEquals("jwt signature does not match jwt issuer", refused(() -> auth.verify(good, AUD,
                Optional.of(LXM), resolverOf(ISS, doc(ISS, p256.publicKey(), DidDocuments.MULTIKEY_TYPE))))
                .getMessage());
        String[] parts = good.split("\\.");
        String es256Header = Multibase.base64UrlEncode("{\"typ\":\"JWT\",\"alg\":\"ES256\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("jwt signature does not match jwt issuer", refused(() -> auth.verify(
                es256Header + "." + parts[1] + "." + parts[2], AUD, Optional.of(LXM), resolver)).getMessage());
        String noneHeader = Multibase.base64UrlEncode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("jwt signature does not match jwt issuer", refused(() -> auth.verify(
                noneHeader + "." + parts[1] + ".", AUD, Optional.of(LXM), resolver)).getMessage());
        // Tampered claims break the signature.
        Map<String, Object> claims = new LinkedHashMap<>(Json.parseObject(Multibase.base64UrlDecodeStrict(parts[1])));
        claims.put("aud", AUD);
        claims.put("exp", NOW.plusSeconds(3000).getEpochSecond());
        String tampered = parts[0] + "." + Multibase.base64UrlEncode(Json.write(claims).getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertEquals("jwt signature does not match jwt issuer",
                refused(() -> auth.verify(tampered, AUD, Optional.of(LXM), resolver)).getMessage());
    }

    @Test
    void sessionAndDpopTokenTypesAreRefused() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        DidResolver resolver = resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE));
        for (String typ : List.of("at+jwt", "refresh+jwt", "dpop+jwt")) {
            String jwt = signed(key, "{\"typ\":\"" + typ + "\",\"alg\":\"ES256K\"}",
                    "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");
            assertEquals("Invalid jwt type", refused(() -> auth.verify(jwt, AUD, Optional.empty(), resolver))
                    .getMessage());
        }
        String noTyp = signed(key, "{\"alg\":\"ES256K\"}",
                "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");
        assertEquals(ISS, auth.verify(noTyp, AUD, Optional.empty(), resolver).iss());
    }

    private static String signed(SigningKeyPair key, String header, String payload) {
        String input = Multibase.base64UrlEncode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Multibase.base64UrlEncode(payload.getBytes(StandardCharsets.UTF_8));
        return input + "." + Multibase.base64UrlEncode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void malformedTokensArePoorlyFormatted() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        DidResolver resolver = resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE));
        long exp = NOW.getEpochSecond() + 60;
        List<String> bad = new ArrayList<>(List.of("", "a", "a.b", "a.b.c.d", "a.b.c", "x".repeat(9000),
                signed(key, "[]", "{}"),
                signed(key, "{\"alg\":\"ES256K\"}", "{\"aud\":\"" + AUD + "\",\"exp\":" + exp + "}"),
                signed(key, "{\"alg\":\"ES256K\"}", "{\"iss\":\"" + ISS + "\",\"exp\":" + exp + "}"),
                signed(key, "{\"alg\":\"ES256K\"}", "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\"}"),
                signed(key, "{\"alg\":\"ES256K\"}", "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD
                        + "\",\"exp\":1.5}"),
                signed(key, "{\"alg\":\"ES256K\"}", "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"exp\":"
                        + exp + ",\"lxm\":5}"),
                signed(key, "{\"alg\":\"ES256K\"}", "{\"iss\":\"not a did\",\"aud\":\"" + AUD + "\",\"exp\":"
                        + exp + "}"),
                signed(key, "{\"alg\":\"ES256K\",\"typ\":7}", "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD
                        + "\",\"exp\":" + exp + "}")));
        bad.add(null);
        for (String jwt : bad) {
            assertEquals("poorly formatted jwt",
                    refused(() -> auth.verify(jwt, AUD, Optional.empty(), resolver)).getMessage(), String.valueOf(jwt));
        }
    }

    @Test
    void rotatedKeyIsPickedUpByAFreshResolution() {
        SigningKeyPair oldKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        SigningKeyPair newKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        AtomicInteger fresh = new AtomicInteger();
        DidResolver cachedStale = new DidResolver() {
            @Override
            public Optional<Map<String, Object>> resolve(String did) {
                return Optional.of(doc(ISS, oldKey.publicKey(), DidDocuments.MULTIKEY_TYPE));
            }

            @Override
            public Optional<Map<String, Object>> resolveFresh(String did) {
                fresh.incrementAndGet();
                return Optional.of(doc(ISS, newKey.publicKey(), DidDocuments.MULTIKEY_TYPE));
            }
        };
        String jwt = auth.issue(newKey, ISS, AUD, Optional.empty(), NOW.plusSeconds(30));
        assertEquals(ISS, auth.verify(jwt, AUD, Optional.empty(), cachedStale).iss());
        assertEquals(1, fresh.get());
    }

    @Test
    void resolverTransportFailureStaysUnresolvableDid() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        String jwt = auth.issue(key, ISS, AUD, Optional.empty(), NOW.plusSeconds(30));
        LexiconException e = assertThrows(LexiconException.class, () -> auth.verify(jwt, AUD, Optional.empty(),
                d -> {
                    throw DidResolver.unresolvable(d);
                }));
        assertEquals(LexiconError.UNRESOLVABLE_DID, e.error());
        assertEquals("Could not resolve DID: " + ISS, e.getMessage());
    }

    @Test
    void issueRefusesBadArguments() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        assertThrows(LexiconException.class, () -> auth.issue(key, "nope", AUD, Optional.empty(), NOW));
        assertThrows(LexiconException.class, () -> auth.issue(key, ISS, "https://x", Optional.empty(), NOW));
        assertThrows(LexiconException.class, () -> auth.issue(key, ISS, AUD, Optional.of("not-an-nsid"), NOW));
        assertThrows(LexiconException.class, () -> auth.issue(null, ISS, AUD, Optional.empty(), NOW));
        String withFragment = auth.issue(key, ISS, AUD + "#bsky_fg", Optional.empty(), NOW);
        assertEquals(AUD + "#bsky_fg", auth.verify(withFragment, AUD + "#bsky_fg", Optional.empty(),
                resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE))).aud());
    }

    @Test
    void randomGarbageIsAlwaysATypedRefusal() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        DidResolver resolver = resolverOf(ISS, doc(ISS, key.publicKey(), DidDocuments.MULTIKEY_TYPE));
        String good = auth.issue(key, ISS, AUD, Optional.of(LXM), NOW.plusSeconds(60));
        Props.forAll(300, r -> {
            char[] chars = good.toCharArray();
            int edits = 1 + r.nextInt(4);
            for (int i = 0; i < edits; i++) {
                chars[r.nextInt(chars.length)] = "AZaz09-_.=+/ \u00e9".charAt(r.nextInt(14));
            }
            String mutated = new String(chars);
            if (mutated.equals(good)) {
                return;
            }
            try {
                auth.verify(mutated, AUD, Optional.of(LXM), resolver);
            } catch (LexiconException e) {
                assertEquals(LexiconError.AUTHENTICATION_REQUIRED, e.error(), e.getMessage());
            }
        });
    }
}
