package dev.pdsaccounts.xrpc.lexicon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.xrpc.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lexicons shipped as resources are the shared ones, byte for byte, and all of them load. */
class LexiconResourcesTest {
    static Path sharedLexicons() {
        String configured = System.getProperty("pdsaccounts.shared.dir");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "..", "shared");
        Path lexicons = root.resolve("lexicons");
        assertTrue(Files.isDirectory(lexicons), "shared lexicons not found at " + lexicons.toAbsolutePath());
        return lexicons;
    }

    static List<Path> sharedFiles() throws IOException {
        Path root = sharedLexicons();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everySharedLexiconHasAnIdenticalResourceCopy() throws IOException {
        List<Path> files = sharedFiles();
        assertTrue(files.size() >= 60, "expected the shared lexicon set, found " + files.size());
        for (Path relative : files) {
            String resource = "lexicons/" + relative.toString().replace('\\', '/');
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertNotNull(in, "missing resource " + resource);
                assertArrayEquals(Files.readAllBytes(sharedLexicons().resolve(relative)), in.readAllBytes(),
                        "resource differs from the shared file: " + resource);
            }
        }
    }

    @Test
    void everyLexiconLoadsWithItsReferences() throws IOException {
        List<String> ids = sharedFiles().stream()
                .map(p -> p.subpath(1, p.getNameCount()).toString().replace('\\', '/'))
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
