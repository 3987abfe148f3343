package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import dev.pdsaccounts.testsupport.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Genesis operations, signatures, the in-memory directory and its log rules. */
class PlcDirectoryTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static SigningKeyPair k256() {
        return SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Object map, String... path) {
        Object v = map;
        for (String p : path) {
            v = ((Map<String, Object>) v).get(p);
        }
        return (T) v;
    }

    @Test
    void genesisOperationHasTheReferenceShape() {
        SigningKeyPair rotation = k256();
        SigningKeyPair signing = k256();
        Map<String, Object> op = PlcOperations.genesisOperation(List.of(rotation.publicKey().didKey()),
                signing.publicKey().didKey(), "alice.test", "pds.example.com");
        assertEquals(List.of("type", "rotationKeys", "verificationMethods", "alsoKnownAs", "services", "prev"),
                new ArrayList<>(op.keySet()));
        assertEquals("plc_operation", op.get("type"));
        assertEquals(List.of("at://alice.test"), op.get("alsoKnownAs"));
        assertEquals("https://pds.example.com", get(op, "services", "atproto_pds", "endpoint"));
        assertEquals("AtprotoPersonalDataServer", get(op, "services", "atproto_pds", "type"));
        assertEquals(signing.publicKey().didKey(), get(op, "verificationMethods", "atproto"));
        assertTrue(op.containsKey("prev"));
        assertNull(op.get("prev"));
        Map<String, Object> local = PlcOperations.genesisOperation(List.of(rotation.publicKey().didKey()),
                signing.publicKey().didKey(), "at://bob.test", "http://localhost:2583");
        assertEquals(List.of("at://bob.test"), local.get("alsoKnownAs"));
        assertEquals("http://localhost:2583", get(local, "services", "atproto_pds", "endpoint"));
        assertEquals("at://carol.test", PlcOperations.ensureAtprotoPrefix("https://carol.test"));
        assertThrows(LexiconException.class, () -> PlcOperations.genesisOperation(List.of("did:key:zNope"),
                signing.publicKey().didKey(), "alice.test", "pds.example.com"));
        assertThrows(LexiconException.class, () -> PlcOperations.genesisOperation(null,
                signing.publicKey().didKey(), "alice.test", "pds.example.com"));
    }

    @Test
    void genesisSignedVerifiesAndTheDirectoryServesItsDocument() {
        InMemoryPlcDirectory directory = new InMemoryPlcDirectory();
        Props.forAll(40, r -> {
            SecureRandom rnd = KeyPropertiesTest.seeded(r);
            List<String> rotationKeys = new ArrayList<>();
            if (r.nextBoolean()) {
                rotationKeys.add(SigningKeyPair.generate(KeyAlgorithm.P256, rnd).publicKey().didKey());
            }
            if (r.nextBoolean()) {
                rotationKeys.add(SigningKeyPair.generate(KeyAlgorithm.SECP256K1, rnd).publicKey().didKey());
            }
            SigningKeyPair pdsKey = SigningKeyPair.generate(
                    r.nextBoolean() ? KeyAlgorithm.SECP256K1 : KeyAlgorithm.P256, rnd);
            rotationKeys.add(pdsKey.publicKey().didKey());
            SigningKeyPair signing = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, rnd);
            String handle = "u" + r.nextInt(1_000_000) + ".test";
            String endpoint = r.nextBoolean() ? "pds.example.com" : "https://pds" + r.nextInt(99) + ".example";

            Map<String, Object> unsigned = PlcOperations.genesisOperation(rotationKeys,
                    signing.publicKey().didKey(), handle, endpoint);
            Map<String, Object> signed = PlcOperations.sign(unsigned, pdsKey);
            assertTrue(PlcOperations.verifySignature(signed, rotationKeys));
            assertTrue(PlcOperations.verifySignature(signed, List.of(pdsKey.publicKey().didKey())));
            assertFalse(PlcOperations.verifySignature(signed, List.of(signing.publicKey().didKey())));
            byte[] sig = Multibase.base64UrlDecodeStrict((String) signed.get("sig"));
            assertEquals(64, sig.length);
            assertFalse(Ecdsa.isHighS(pdsKey.algorithm(), sig));
            String did = PlcOperations.didForGenesis(signed);
            assertTrue(did.matches("did:plc:[a-z2-7]{24}"), did);

            directory.submit(did, signed);
            Map<String, Object> doc = directory.resolveDocument(did).orElseThrow();
            assertEquals(did, doc.get("id"));
            List<Map<String, Object>> vms = get(doc, "verificationMethod");
            assertEquals(1, vms.size());
            assertEquals(did + "#atproto", vms.get(0).get("id"));
            assertEquals("Multikey", vms.get(0).get("type"));
            assertEquals(did, vms.get(0).get("controller"));
            assertEquals(signing.publicKey().multibase(), vms.get(0).get("publicKeyMultibase"));
            assertEquals(signing.publicKey(), PublicKey.parseMultikey((String) vms.get(0).get("publicKeyMultibase")));
            List<Map<String, Object>> services = get(doc, "service");
            assertEquals("#atproto_pds", services.get(0).get("id"));
            assertEquals("AtprotoPersonalDataServer", services.get(0).get("type"));
            assertEquals(PlcOperations.ensureHttpPrefix(endpoint), services.get(0).get("serviceEndpoint"));
            assertEquals(List.of("at://" + handle), doc.get("alsoKnownAs"));
            List<String> context = get(doc, "@context");
            assertTrue(context.contains("https://w3id.org/security/suites/secp256k1-2019/v1"));
            assertEquals(signed, directory.lastOperation(did).orElseThrow());
            List<Map<String, Object>> audit = directory.auditLog(did);
            assertEquals(1, audit.size());
            assertEquals(PlcOperations.cid(signed), audit.get(0).get("cid"));
            PlcAuditLog.validate(audit);
        });
    }

    private static Map<String, Object> update(Map<String, Object> prevOp, String handle, List<String> rotationKeys) {
        Map<String, Object> op = new LinkedHashMap<>(prevOp);
        op.remove("sig");
        op.put("prev", PlcOperations.cid(prevOp));
        op.put("alsoKnownAs", List.of("at://" + handle));
        op.put("rotationKeys", rotationKeys);
        return op;
    }

    private static LexiconException rejected(Runnable r) {
        LexiconException e = assertThrows(LexiconException.class, r::run);
        assertEquals(LexiconError.INCOMPATIBLE_DID_DOC, e.error(), e.getMessage());
        return e;
    }

    @Test
    void directoryEnforcesTheLogRules() {
        TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
        InMemoryPlcDirectory directory = new InMemoryPlcDirectory(clock);
        SigningKeyPair recovery = k256();
        SigningKeyPair pds = k256();
        SigningKeyPair stranger = k256();
        List<String> keys = List.of(recovery.publicKey().didKey(), pds.publicKey().didKey());
        Map<String, Object> genesis = PlcOperations.sign(PlcOperations.genesisOperation(keys,
                stranger.publicKey().didKey(), "a.test", "pds.test"), pds);
        String did = PlcOperations.didForGenesis(genesis);

        assertTrue(rejected(() -> directory.submit("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", genesis)).getMessage()
                .contains("derives"));
        Map<String, Object> selfSignedByStranger = PlcOperations.sign(genesis, stranger);
        rejected(() -> directory.submit(PlcOperations.didForGenesis(selfSignedByStranger), selfSignedByStranger));
        assertTrue(directory.lastOperation(did).isEmpty());
        assertTrue(directory.auditLog(did).isEmpty());
        assertTrue(directory.resolveDocument(did).isEmpty());

        directory.submit(did, genesis);
        rejected(() -> directory.submit(did, genesis));

        clock.advance(Duration.ofSeconds(10));
        Map<String, Object> byStranger = PlcOperations.sign(update(genesis, "b.test", keys), stranger);
        assertTrue(rejected(() -> directory.submit(did, byStranger)).getMessage().contains("signature"));
        Map<String, Object> op1 = PlcOperations.sign(update(genesis, "b.test", keys), pds);
        directory.submit(did, op1);
        assertEquals(List.of("at://b.test"), directory.resolveDocument(did).orElseThrow().get("alsoKnownAs"));

        Map<String, Object> wrongPrev = new LinkedHashMap<>(update(op1, "c.test", keys));
        wrongPrev.put("prev", PlcOperations.cid(Map.of()));
        assertTrue(rejected(() -> directory.submit(did, PlcOperations.sign(wrongPrev, pds))).getMessage()
                .contains("prev"));

        // nullifying op1 (signed by the pds key, index 1) with the same key is refused ...
        clock.advance(Duration.ofSeconds(10));
        Map<String, Object> forkSameKey = PlcOperations.sign(update(genesis, "fork.test", keys), pds);
        assertTrue(rejected(() -> directory.submit(did, forkSameKey)).getMessage().contains("higher-priority"));
        // ... and accepted with the higher-priority recovery key within 72 h
        Map<String, Object> fork = PlcOperations.sign(update(genesis, "fork.test", keys), recovery);
        directory.submit(did, fork);
        List<Map<String, Object>> audit = directory.auditLog(did);
        assertEquals(List.of(false, true, false),
                List.of(audit.get(0).get("nullified"), audit.get(1).get("nullified"), audit.get(2).get("nullified")));
        PlcAuditLog.validate(audit);
        assertEquals(List.of("at://fork.test"), directory.resolveDocument(did).orElseThrow().get("alsoKnownAs"));
        // an update on the nullified op is refused
        assertTrue(rejected(() -> directory.submit(did, PlcOperations.sign(update(op1, "x.test", keys), pds)))
                .getMessage().contains("nullified"));

        // a later op by the pds key cannot be nullified after 72 h, even by the recovery key
        clock.advance(Duration.ofSeconds(10));
        Map<String, Object> op3 = PlcOperations.sign(update(fork, "late.test", keys), pds);
        directory.submit(did, op3);
        clock.advance(Duration.ofHours(72).plusMillis(1));
        Map<String, Object> lateFork = PlcOperations.sign(update(fork, "late-fork.test", keys), recovery);
        assertTrue(rejected(() -> directory.submit(did, lateFork)).getMessage().contains("72 hours"));

        // tombstone, then nothing more
        Map<String, Object> tomb = PlcOperations.sign(PlcOperations.tombstoneOperation(PlcOperations.cid(op3)), pds);
        directory.submit(did, tomb);
        assertTrue(directory.resolveDocument(did).isEmpty());
        assertEquals("plc_tombstone", directory.lastOperation(did).orElseThrow().get("type"));
        Map<String, Object> afterTomb = new LinkedHashMap<>(update(op3, "z.test", keys));
        afterTomb.put("prev", PlcOperations.cid(tomb));
        assertTrue(rejected(() -> directory.submit(did, PlcOperations.sign(afterTomb, recovery))).getMessage()
                .contains("tombstone"));
        PlcAuditLog.validate(directory.auditLog(did));
        assertThrows(UnsupportedOperationException.class,
                () -> directory.lastOperation(did).orElseThrow().put("x", "y"));
    }

    @Test
    void directoryEnforcesLimits() {
        InMemoryPlcDirectory directory = new InMemoryPlcDirectory();
        SigningKeyPair pds = k256();
        List<String> six = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            six.add(k256().publicKey().didKey());
        }
        six.add(pds.publicKey().didKey());
        Map<String, Object> genesis = PlcOperations.sign(
                PlcOperations.genesisOperation(six, pds.publicKey().didKey(), "a.test", "pds.test"), pds);
        assertTrue(rejected(() -> directory.submit(PlcOperations.didForGenesis(genesis), genesis)).getMessage()
                .contains("rotation keys"));
        Map<String, Object> extra = new LinkedHashMap<>(PlcOperations.genesisOperation(
                List.of(pds.publicKey().didKey()), pds.publicKey().didKey(), "a.test", "pds.test"));
        extra.put("extra", "field");
        Map<String, Object> signedExtra = PlcOperations.sign(extra, pds);
        rejected(() -> directory.submit("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", signedExtra));
        Map<String, Object> huge = new LinkedHashMap<>(PlcOperations.genesisOperation(
                List.of(pds.publicKey().didKey()), pds.publicKey().didKey(), "a".repeat(8000), "pds.test"));
        Map<String, Object> signedHuge = PlcOperations.sign(huge, pds);
        assertTrue(rejected(() -> directory.submit(PlcOperations.didForGenesis(signedHuge), signedHuge))
                .getMessage().contains("bytes"));
    }

    @Test
    void legacyCreateOperationsDeriveAndRender() {
        List<Map<String, Object>> log = PlcAuditLogVectorsTest.read(
                dev.pdsaccounts.testsupport.TestData.path("vectors/plc/audit_log/valid/log_legacy_dholms.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> create = (Map<String, Object>) log.get(0).get("operation");
        assertEquals("create", create.get("type"));
        assertTrue(PlcOperations.verifySignature(create, List.of((String) create.get("recoveryKey"),
                (String) create.get("signingKey"))));
        Map<String, Object> doc = PlcOperations.didDocument((String) log.get(0).get("did"), create);
        assertEquals(List.of("at://dan.bsky.social"), doc.get("alsoKnownAs"));
        List<Map<String, Object>> services = get(doc, "service");
        assertEquals("https://bsky.social", services.get(0).get("serviceEndpoint"));
        List<Map<String, Object>> vms = get(doc, "verificationMethod");
        assertEquals(((String) create.get("signingKey")).substring("did:key:".length()),
                vms.get(0).get("publicKeyMultibase"));
        rejected(() -> PlcOperations.didDocument("did:plc:x", Map.of("type", "plc_tombstone", "prev", "b")));
    }

    @Test
    void concurrentGenesisSubmissions() throws Exception {
        InMemoryPlcDirectory directory = new InMemoryPlcDirectory();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> dids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                dids.add(pool.submit(() -> {
                    SigningKeyPair key = k256();
                    Map<String, Object> op = PlcOperations.sign(PlcOperations.genesisOperation(
                            List.of(key.publicKey().didKey()), key.publicKey().didKey(), "u" + n + ".test",
                            "pds.test"), key);
                    String did = PlcOperations.didForGenesis(op);
                    directory.submit(did, op);
                    return did;
                }));
            }
            for (Future<String> f : dids) {
                String did = f.get(30, TimeUnit.SECONDS);
                assertTrue(directory.resolveDocument(did).isPresent());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
