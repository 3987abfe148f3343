package dev.pdsaccounts.xrpc.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.xrpc.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lexicons shipped as resources are the reference copies, byte for byte (their SHA-256 is recorded in
 * {@code testdata/shipped-resources.sha256}, provenance in {@code testdata/SOURCES.md}), and all of them load.
 */
class LexiconResourcesTest {
    /** Recorded SHA-256 by resource name, for every {@code lexicons/} entry of the checksum file. */
    static Map<String, String> recordedLexicons() throws IOException {
        String configured = System.getProperty("pdsaccounts.testdata.dir");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "testdata");
        Path sums = root.resolve("shipped-resources.sha256");
        assertTrue(Files.isRegularFile(sums), "checksum file not found at " + sums.toAbsolutePath());
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
            int gap = line.indexOf("  ");
            if (!line.startsWith("#") && gap > 0 && line.startsWith("lexicons/", gap + 2)) {
                out.put(line.substring(gap + 2), line.substring(0, gap));
            }
        }
        return out;
    }

    @Test
    void everyRecordedLexiconHasAnIdenticalResourceCopy() throws IOException, NoSuchAlgorithmException {
        Map<String, String> recorded = recordedLexicons();
        assertEquals(67, recorded.size(), "expected the 67 reference lexicon files");
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(e.getKey())) {
                assertNotNull(in, "missing resource " + e.getKey());
                String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
                assertEquals(e.getValue(), actual, "resource differs from the reference copy: " + e.getKey());
            }
        }
    }

    @Test
    void everyLexiconLoadsWithItsReferences() throws IOException {
        List<String> ids = recordedLexicons().keySet().stream()
                .map(p -> p.substring(p.indexOf('/', "lexicons/".length()) + 1))
                .map(p -> p.substring(0, p.length() - ".json".length()).replace('/', '.'))
                .collect(Collectors.toList());
        LexiconRegistry registry = LexiconRegistry.load(ids, Json.mapper());
        assertTrue(registry.ids().containsAll(ids));
        assertEquals("procedure", registry.method("com.atproto.server.createAccount").orElseThrow()
                .path("type").asText());
        assertEquals("query", registry.method("com.atproto.server.getAccountsConfig").orElseThrow()
                .path("type").asText());
        assertTrue(registry.method("com.atproto.server.defs").isEmpty(), "defs is not a method");
    }
}
