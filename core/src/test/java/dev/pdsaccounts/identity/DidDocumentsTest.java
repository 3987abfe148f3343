package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the atproto parts of DID documents, including hostile ones. */
class DidDocumentsTest {
    private static final String DID = "did:plc:abcdefghijklmnopqrstuvwx";

    @Test
    void readsTheDocumentsThePlcDirectoryRenders() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.P256, new SecureRandom());
        SigningKeyPair rotation = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        Map<String, Object> doc = PlcOperations.didDocument(DID, PlcOperations.genesisOperation(
                List.of(rotation.publicKey().didKey()), key.publicKey().didKey(), "alice.example.com",
                "https://pds.example.com"));
        assertEquals(Optional.of(key.publicKey()), DidDocuments.atprotoSigningKey(doc));
        assertEquals(Optional.of(key.publicKey().didKey()), DidDocuments.atprotoSigningDidKey(doc));
        assertEquals(Optional.of("https://pds.example.com"), DidDocuments.pdsEndpoint(doc));
        assertEquals(Optional.of("alice.example.com"), DidDocuments.handle(doc));
        assertEquals(Optional.of(DID), DidDocuments.id(doc));
    }

    @Test
    void relativeIdsAndLegacyKeysAreRead() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        Map<String, Object> doc = Map.of(
                "id", DID,
                "alsoKnownAs", List.of("https://x", "at://bob.example.com"),
                "verificationMethod", List.of(Map.of("id", "#atproto", "type", DidDocuments.LEGACY_K256_TYPE,
                        "publicKeyMultibase", Multibase.encodeBase58btc(key.publicKey().compressed()))),
                "service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
                        "serviceEndpoint", "http://localhost:2583")));
        assertEquals(Optional.of(key.publicKey()), DidDocuments.atprotoSigningKey(doc));
        assertEquals(Optional.of("http://localhost:2583"), DidDocuments.pdsEndpoint(doc));
        assertEquals(Optional.of("bob.example.com"), DidDocuments.handle(doc));
    }

    @Test
    void malformedPartsReadAsAbsent() {
        List<Map<String, Object>> docs = List.of(
                Map.of(),
                Map.of("id", 5, "verificationMethod", "x", "service", Map.of(), "alsoKnownAs", "at://x"),
                Map.of("id", DID, "verificationMethod", List.of(Map.of("id", "#atproto", "type", "Multikey",
                        "publicKeyMultibase", "zNotAKey")), "service", List.of(Map.of("id", "#atproto_pds",
                        "type", "Other", "serviceEndpoint", "https://x"))),
                Map.of("id", DID, "verificationMethod", List.of(Map.of("id", DID + "#other", "type", "Multikey",
                        "publicKeyMultibase", "z")), "service", List.of(Map.of("id", "#atproto_pds",
                        "type", "AtprotoPersonalDataServer", "serviceEndpoint", "ftp://x"))),
                Map.of("id", DID, "verificationMethod", List.of("x", 1), "service", List.of(Map.of("id",
                        "#atproto_pds", "type", "AtprotoPersonalDataServer", "serviceEndpoint", List.of()))),
                Map.of("id", DID, "verificationMethod", List.of(Map.of("id", "#atproto", "type", "JsonWebKey2020",
                        "publicKeyMultibase", "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"))));
        for (Map<String, Object> doc : docs) {
            assertEquals(Optional.empty(), DidDocuments.atprotoSigningKey(doc), doc::toString);
            assertEquals(Optional.empty(), DidDocuments.pdsEndpoint(doc), doc::toString);
            assertEquals(Optional.empty(), DidDocuments.handle(doc), doc::toString);
        }
        assertEquals(Optional.empty(), DidDocuments.handle(null));
    }
}
