package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlcUpdatesTest {
    private final SecureRandom random = new SecureRandom();
    private final SigningKeyPair rotation = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
    private final SigningKeyPair signing = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);

    private Map<String, Object> genesis() {
        return PlcOperations.sign(PlcOperations.genesisOperation(List.of(rotation.publicKey().didKey()),
                signing.publicKey().didKey(), "alice.test", "https://pds.test"), rotation);
    }

    @Test
    void handleUpdateReplacesTheAtEntryKeepsTheRestAndChainsPrev() {
        Map<String, Object> last = genesis();
        Map<String, Object> op = PlcUpdates.handleUpdate(last, "bob.test");
        assertEquals(List.of("at://bob.test"), op.get("alsoKnownAs"));
        assertEquals(PlcOperations.cid(last), op.get("prev"));
        assertEquals(last.get("rotationKeys"), op.get("rotationKeys"));
        assertEquals(last.get("services"), op.get("services"));
        // The directory accepts it when signed with a rotation key.
        InMemoryPlcDirectory directory = new InMemoryPlcDirectory();
        String did = PlcOperations.didForGenesis(last);
        directory.submit(did, last);
        directory.submit(did, PlcOperations.sign(op, rotation));
        assertEquals(List.of("at://bob.test"), directory.resolveDocument(did).orElseThrow().get("alsoKnownAs"));
    }

    @Test
    void handleUpdateKeepsOtherAliasesAndPrependsWhenThereIsNoAtEntry() {
        Map<String, Object> last = new LinkedHashMap<>(genesis());
        last.put("alsoKnownAs", List.of("https://example.com/me", "at://alice.test", "at://old.test"));
        assertEquals(List.of("https://example.com/me", "at://bob.test", "at://old.test"),
                PlcUpdates.handleUpdate(last, "bob.test").get("alsoKnownAs"));
        last.put("alsoKnownAs", List.of("https://example.com/me"));
        assertEquals(List.of("at://bob.test", "https://example.com/me"),
                PlcUpdates.handleUpdate(last, "bob.test").get("alsoKnownAs"));
    }

    @Test
    void legacyCreateIsReadAsItsCurrentFormEquivalent() {
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("type", "create");
        legacy.put("signingKey", signing.publicKey().didKey());
        legacy.put("recoveryKey", rotation.publicKey().didKey());
        legacy.put("handle", "alice.test");
        legacy.put("service", "https://pds.test");
        legacy.put("prev", null);
        Map<String, Object> signed = PlcOperations.sign(legacy, rotation);
        Map<String, Object> op = PlcUpdates.handleUpdate(signed, "bob.test");
        assertEquals("plc_operation", op.get("type"));
        assertEquals(List.of(rotation.publicKey().didKey(), signing.publicKey().didKey()), op.get("rotationKeys"));
        assertEquals(List.of("at://bob.test"), op.get("alsoKnownAs"));
        assertEquals(PlcOperations.cid(signed), op.get("prev"));
        assertEquals(List.of(rotation.publicKey().didKey(), signing.publicKey().didKey()),
                PlcUpdates.rotationKeys(signed));
    }

    @Test
    void tombstonesAndMissingInputAreTypedErrors() {
        Map<String, Object> tomb = PlcOperations.sign(PlcOperations.tombstoneOperation(PlcOperations.cid(genesis())),
                rotation);
        assertEquals(LexiconError.INCOMPATIBLE_DID_DOC,
                assertThrows(LexiconException.class, () -> PlcUpdates.handleUpdate(tomb, "bob.test")).error());
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> PlcUpdates.handleUpdate(genesis(), null)).error());
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> PlcUpdates.currentState(null)).error());
    }
}
