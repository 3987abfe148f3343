package dev.pdsaccounts.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testsupport.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The did:plc audit-log vectors (did-method-plc interop_tests/audit_log). */
class PlcAuditLogVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "vectors/plc/audit_log/";

    /** For each invalid file: a word the rejection reason must contain. */
    private static final Map<String, String> EXPECTED_REASON = Map.of(
            "log_invalid_nullification_reused_key.json", "higher-priority",
            "log_invalid_nullification_too_slow.json", "72 hours",
            "log_invalid_sig_b64_newline.json", "illegal character",
            "log_invalid_sig_b64_padding_bits.json", "trailing bits",
            "log_invalid_sig_b64_padding_chars.json", "padding",
            "log_invalid_sig_der.json", "DER-encoded",
            "log_invalid_sig_k256_high_s.json", "high-S",
            "log_invalid_sig_p256_high_s.json", "high-S",
            "log_invalid_update_nullified.json", "is a nullified operation",
            "log_invalid_update_tombstoned.json", "tombstone");

    static List<Map<String, Object>> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<Path> files(String kind) {
        try (Stream<Path> s = Files.list(TestData.path(DIR + kind))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> allFiles() {
        return Stream.concat(files("valid").stream(), files("invalid").stream())
                .map(p -> Arguments.of(p.getFileName().toString(), p));
    }

    static Stream<Arguments> validFiles() {
        return files("valid").stream().map(p -> Arguments.of(p.getFileName().toString(), p));
    }

    static Stream<Arguments> invalidFiles() {
        return files("invalid").stream().map(p -> Arguments.of(p.getFileName().toString(), p));
    }

    @Test
    void theVectorSetIsComplete() {
        assertEquals(10, files("valid").size());
        assertEquals(10, files("invalid").size());
        assertEquals(EXPECTED_REASON.keySet(),
                files("invalid").stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFiles")
    @SuppressWarnings("unchecked")
    void genesisOperationReproducesDidAndCid(String name, Path file) {
        Map<String, Object> entry = read(file).get(0);
        Map<String, Object> op = (Map<String, Object>) entry.get("operation");
        assertNull(op.get("prev"));
        assertEquals(entry.get("did"), PlcOperations.didForGenesis(op));
        assertEquals(entry.get("cid"), PlcOperations.cid(op));
        assertEquals(entry.get("cid"), Cid.dagCborSha256(DagCbor.encode(op)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFiles")
    @SuppressWarnings("unchecked")
    void everyEntryCidMatchesAndReencodesStably(String name, Path file) {
        for (Map<String, Object> entry : read(file)) {
            Map<String, Object> op = (Map<String, Object>) entry.get("operation");
            byte[] encoded = DagCbor.encode(op);
            assertEquals(entry.get("cid"), Cid.dagCborSha256(encoded));
            assertEquals(List.of(encoded.length), List.of(DagCbor.encode(DagCbor.decode(encoded)).length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validLogsPass(String name, Path file) {
        PlcAuditLog.validate(read(file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void invalidLogsAreRejectedWithTheirReason(String name, Path file) {
        LexiconException e = assertThrows(LexiconException.class, () -> PlcAuditLog.validate(read(file)));
        assertEquals(LexiconError.INCOMPATIBLE_DID_DOC, e.error());
        String expected = EXPECTED_REASON.get(name);
        assertTrue(e.getMessage().contains(expected), () -> name + ": expected '" + expected + "' in: "
                + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    @SuppressWarnings("unchecked")
    void genesisSignaturesVerifyWithOwnRotationKeys(String name, Path file) {
        Map<String, Object> op = (Map<String, Object>) read(file).get(0).get("operation");
        assertTrue(PlcOperations.verifySignature(op, PlcOperations.rotationKeysOf(op)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validLogsRenderDocuments(String name, Path file) {
        List<Map<String, Object>> log = read(file);
        PlcAuditLog.validate(log);
        for (Map<String, Object> entry : log) {
            @SuppressWarnings("unchecked")
            Map<String, Object> op = (Map<String, Object>) entry.get("operation");
            if (!PlcOperations.TYPE_TOMBSTONE.equals(op.get("type"))) {
                Map<String, Object> doc = PlcOperations.didDocument((String) entry.get("did"), op);
                assertEquals(entry.get("did"), doc.get("id"));
            }
        }
    }
}
