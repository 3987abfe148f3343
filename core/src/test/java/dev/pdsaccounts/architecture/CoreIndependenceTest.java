package dev.pdsaccounts.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core stays a pure domain: no JDBC, no adapter, no HTTP server. Checked on the compiled classes' constant
 * pools, so a fully-qualified use without an import is caught too.
 */
class CoreIndependenceTest {
    private static final List<String> FORBIDDEN = List.of(
            "java/sql/", "javax/sql/", "dev/pdsaccounts/store/memory/", "dev/pdsaccounts/store/jdbc/",
            "dev/pdsaccounts/store/sqlite/", "dev/pdsaccounts/xrpc/", "com/sun/net/httpserver/",
            "com/fasterxml/jackson/");

    @Test
    void coreClassesReferenceNoAdapterJdbcOrHttpServer() throws IOException {
        Path classes = Path.of("target", "classes", "dev", "pdsaccounts");
        assertTrue(Files.isDirectory(classes), "compiled core classes not found at " + classes.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String forbidden : FORBIDDEN) {
                    if (bytes.contains(forbidden)) {
                        offenders.add(classes.relativize(f) + " -> " + forbidden);
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "core must not depend on: " + offenders);
    }

    @Test
    void coreSourcesImportNoJdbc() throws IOException {
        Path sources = Path.of("src", "main", "java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                assertFalse(text.contains("import java.sql.") || text.contains("import javax.sql."),
                        f + " imports JDBC");
            }
        }
    }
}
