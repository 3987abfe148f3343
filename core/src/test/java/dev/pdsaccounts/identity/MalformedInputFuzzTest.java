package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.Props;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing: bad input to the public API ends in a LexiconException or, from a codec, a CodecException;
 * never in another exception.
 */
class MalformedInputFuzzTest {
    private static final SigningKeyPair K256 = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
    private static final SigningKeyPair P256 = SigningKeyPair.generate(KeyAlgorithm.P256, new SecureRandom());
    private static final Map<String, Object> GENESIS = PlcOperations.sign(PlcOperations.genesisOperation(
            List.of(P256.publicKey().didKey(), K256.publicKey().didKey()), K256.publicKey().didKey(), "fuzz.test",
            "pds.test"), K256);
    private static final String ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl+/=-_: \n\t\u00e9\u20ac\uD83D\uDE00\u0000";

    /** Runs the call; success, LexiconException and CodecException are fine, anything else fails the property. */
    private static void onlyLexicon(String what, Supplier<?> call) {
        try {
            call.get();
        } catch (LexiconException | CodecException expected) {
            // the contract
        } catch (Throwable t) {
            fail(what + " threw " + t, t);
        }
    }

    static String mutate(SplittableRandom r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int kind = r.nextInt(7);
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length());
            char c = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
            switch (kind) {
                case 0:
                    if (sb.length() > 0) {
                        sb.setCharAt(pos, c);
                    }
                    break;
                case 1:
                    sb.insert(pos, c);
                    break;
                case 2:
                    if (sb.length() > 0) {
                        sb.deleteCharAt(pos);
                    }
                    break;
                case 3:
                    sb.setLength(pos);
                    break;
                case 4:
                    sb.replace(0, Math.min(sb.length(), 9), r.nextBoolean() ? "did:key:f" : "did:web:z");
                    break;
                case 5:
                    sb.append(sb.toString().repeat(1 + r.nextInt(3)));
                    break;
                default:
                    sb.append(String.valueOf(c).repeat(r.nextInt(20_000)));
                    break;
            }
        }
        return sb.toString();
    }

    static String randomText(SplittableRandom r) {
        int n = r.nextInt(r.nextInt(10) == 0 ? 20_000 : 120);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    static String candidateDidKey(SplittableRandom r) {
        switch (r.nextInt(4)) {
            case 0:
                return mutate(r, r.nextBoolean() ? K256.publicKey().didKey() : P256.publicKey().didKey());
            case 1: {
                // right prefix, random point bytes (mostly off-curve or wrong length)
                KeyAlgorithm alg = r.nextBoolean() ? KeyAlgorithm.SECP256K1 : KeyAlgorithm.P256;
                byte[] prefix = alg.multicodecPrefix();
                int len = r.nextBoolean() ? 33 : r.nextInt(70);
                byte[] body = new byte[prefix.length + len];
                System.arraycopy(prefix, 0, body, 0, prefix.length);
                for (int i = prefix.length; i < body.length; i++) {
                    body[i] = (byte) r.nextInt(256);
                }
                if (len > 0 && r.nextBoolean()) {
                    body[prefix.length] = (byte) (2 + r.nextInt(3));
                }
                return "did:key:" + Multibase.encodeBase58btc(body);
            }
            case 2:
                return "did:key:z" + randomText(r);
            default:
                return randomText(r);
        }
    }

    static Object randomValue(SplittableRandom r) {
        switch (r.nextInt(9)) {
            case 0:
                return null;
            case 1:
                return r.nextLong();
            case 2:
                return 1.5;
            case 3:
                return candidateDidKey(r);
            case 4:
                return List.of(candidateDidKey(r), r.nextInt());
            case 5:
                return Map.of("atproto", randomText(r));
            case 6:
                return new Object();
            case 7:
                return List.of(Map.of("type", 1));
            default:
                return randomText(r);
        }
    }

    static Map<String, Object> mutateOp(SplittableRandom r, Map<String, Object> op) {
        Map<String, Object> out = new LinkedHashMap<>(op);
        List<String> fields = new ArrayList<>(out.keySet());
        int kind = r.nextInt(4);
        String field = fields.get(r.nextInt(fields.size()));
        if (kind == 0) {
            out.remove(field);
        } else if (kind == 1) {
            out.put(field, randomValue(r));
        } else if (kind == 2) {
            out.put("sig", mutate(r, String.valueOf(op.get("sig"))));
        } else {
            out.put(r.nextBoolean() ? "type" : "prev", r.nextBoolean() ? "plc_tombstone" : "create");
        }
        return out;
    }

    @Test
    void stringInputs() {
        Props.forAll(2500, r -> {
            String s = candidateDidKey(r);
            onlyLexicon("parseDidKey", () -> PublicKey.parseDidKey(s));
            onlyLexicon("parseMultikey", () -> PublicKey.parseMultikey(s.startsWith("did:key:") ? s.substring(8) : s));
            onlyLexicon("Multibase.decode", () -> Multibase.decode(s));
            onlyLexicon("base64url", () -> Multibase.base64UrlDecodeStrict(s));
            onlyLexicon("base58", () -> Multibase.base58btcDecode(s));
            onlyLexicon("base32", () -> Multibase.base32LowerDecode(s));
            onlyLexicon("fromJwtAlg", () -> KeyAlgorithm.fromJwtAlg(s));
            onlyLexicon("fromPrivateKeyHex", () -> SigningKeyPair.fromPrivateKeyHex(KeyAlgorithm.P256,
                    s.length() > 64 ? s.substring(0, 64) : s));
        });
    }

    @Test
    void byteInputs() {
        byte[] valid = DagCbor.encode(GENESIS);
        Props.forAll(2500, r -> {
            byte[] bytes;
            if (r.nextBoolean()) {
                bytes = valid.clone();
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
                }
                if (r.nextInt(4) == 0) {
                    bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
                }
            } else {
                bytes = new byte[r.nextInt(80)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) r.nextInt(256);
                }
            }
            byte[] input = bytes;
            onlyLexicon("DagCbor.decode", () -> DagCborDecoder.decode(input));
            onlyLexicon("fromEncodedPoint", () -> PublicKey.fromEncodedPoint(KeyAlgorithm.SECP256K1, input));
            onlyLexicon("fromPrivateKeyBytes", () -> SigningKeyPair.fromPrivateKeyBytes(KeyAlgorithm.P256, input));
            onlyLexicon("verify", () -> K256.publicKey().verify(input, input));
            onlyLexicon("verifyLenient", () -> P256.publicKey().verifyLenient(input, input));
        });
    }

    @Test
    void operationInputs() {
        InMemoryPlcDirectory directory = new InMemoryPlcDirectory();
        String did = PlcOperations.didForGenesis(GENESIS);
        Props.forAll(1000, r -> {
            Map<String, Object> op = mutateOp(r, GENESIS);
            if (r.nextBoolean()) {
                op = mutateOp(r, op);
            }
            Map<String, Object> input = op;
            onlyLexicon("didForGenesis", () -> PlcOperations.didForGenesis(input));
            onlyLexicon("cid", () -> PlcOperations.cid(input));
            onlyLexicon("verifySignature", () -> PlcOperations.verifySignature(input,
                    List.of(K256.publicKey().didKey(), candidateDidKey(r))));
            onlyLexicon("didDocument", () -> PlcOperations.didDocument(did, input));
            onlyLexicon("sign", () -> PlcOperations.sign(input, P256));
            onlyLexicon("submit", () -> {
                directory.submit(r.nextBoolean() ? did : candidateDidKey(r), input);
                return null;
            });
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("did", did);
            entry.put("operation", input);
            entry.put("cid", r.nextBoolean() ? PlcOperations.cid(GENESIS) : randomValue(r));
            entry.put("nullified", r.nextInt(4) == 0 ? randomValue(r) : Boolean.FALSE);
            entry.put("createdAt", r.nextBoolean() ? "2025-01-01T00:00:00.000Z" : randomValue(r));
            List<Map<String, Object>> log = new ArrayList<>();
            log.add(entry);
            if (r.nextBoolean()) {
                log.add(0, Map.of("did", did, "operation", GENESIS, "cid", PlcOperations.cid(GENESIS),
                        "nullified", false, "createdAt", "2024-01-01T00:00:00Z"));
            }
            onlyLexicon("PlcAuditLog.validate", () -> {
                PlcAuditLog.validate(log);
                return null;
            });
            onlyLexicon("resolveDocument", () -> directory.resolveDocument(candidateDidKey(r)));
        });
    }

    @Test
    void nullArguments() {
        onlyLexicon("parseDidKey(null)", () -> PublicKey.parseDidKey(null));
        onlyLexicon("parseMultikey(null)", () -> PublicKey.parseMultikey(null));
        onlyLexicon("fromEncodedPoint(null)", () -> PublicKey.fromEncodedPoint(null, new byte[33]));
        onlyLexicon("sign(null)", () -> K256.sign(null));
        onlyLexicon("verify(null)", () -> K256.publicKey().verify(null, null));
        onlyLexicon("encode(null) map", () -> PlcOperations.sign(null, K256));
        onlyLexicon("cid(null)", () -> PlcOperations.cid(null));
        onlyLexicon("didForGenesis(null)", () -> PlcOperations.didForGenesis(null));
        onlyLexicon("verifySignature(null)", () -> PlcOperations.verifySignature(GENESIS, null));
        onlyLexicon("didDocument(null)", () -> PlcOperations.didDocument(null, GENESIS));
        onlyLexicon("tombstone(null)", () -> PlcOperations.tombstoneOperation(null));
        onlyLexicon("validate(null)", () -> {
            PlcAuditLog.validate(null);
            return null;
        });
        onlyLexicon("validate([null])", () -> {
            List<Map<String, Object>> log = new ArrayList<>();
            log.add(null);
            PlcAuditLog.validate(log);
            return null;
        });
        onlyLexicon("submit(null)", () -> {
            new InMemoryPlcDirectory().submit(null, GENESIS);
            return null;
        });
        onlyLexicon("auditLog(null)", () -> new InMemoryPlcDirectory().auditLog(null));
        onlyLexicon("Cid(null)", () -> Cid.dagCborSha256(null));
        onlyLexicon("genesis(null key)", () -> PlcOperations.genesisOperation(
                java.util.Arrays.asList((String) null), K256.publicKey().didKey(), "a", "b"));
    }
}
