package dev.pdsaccounts.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core stays a pure domain: no JDBC, no adapter, no HTTP client or server, no JNDI/DNS. Checked on the compiled
 * classes' constant pools, so a fully-qualified use without an import is caught too. Jackson (a JSON library,
 * not an adapter) is allowed: core's codecs read JSON with it.
 */
class CoreIndependenceTest {
    private static final List<String> FORBIDDEN = List.of(
            // JDBC
            "java/sql/", "javax/sql/",
            // HTTP clients and servers, URL connections, JNDI (DNS)
            "java/net/http/", "com/sun/net/httpserver/", "java/net/URLConnection", "java/net/HttpURLConnection",
            "javax/naming/",
            // every adapter module's packages
            "dev/pdsaccounts/store/memory/", "dev/pdsaccounts/store/jdbc/", "dev/pdsaccounts/store/sqlite/",
            "dev/pdsaccounts/identity/http/", "dev/pdsaccounts/xrpc/", "dev/pdsaccounts/testkit/",
            "dev/pdsaccounts/benchmarks/");

    @Test
    void coreClassesReferenceNoAdapterJdbcHttpOrJndi() throws IOException {
        Path classes = Path.of("target", "classes", "dev", "pdsaccounts");
        assertTrue(Files.isDirectory(classes), "compiled core classes not found at " + classes.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                for (String forbidden : forbiddenReferences(Files.readAllBytes(f))) {
                    offenders.add(classes.relativize(f) + " -> " + forbidden);
                }
            }
        }
        assertTrue(offenders.isEmpty(), "core must not depend on: " + offenders);
    }

    @Test
    void theScanSeesForbiddenReferencesInRealClassFiles() throws IOException {
        // JDK classes that use the HTTP client and JNDI: the scan must flag them, or it proves nothing.
        assertTrue(forbiddenReferences(classBytes("java.net.http.HttpClient")).contains("java/net/http/"));
        assertTrue(forbiddenReferences(classBytes("javax.naming.directory.InitialDirContext"))
                .contains("javax/naming/"));
        assertTrue(forbiddenReferences(classBytes("java.lang.String")).isEmpty());
    }

    private static List<String> forbiddenReferences(byte[] classFile) {
        String constants = new String(classFile, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (String forbidden : FORBIDDEN) {
            if (constants.contains(forbidden)) {
                found.add(forbidden);
            }
        }
        return found;
    }

    private static byte[] classBytes(String className) throws IOException {
        try (InputStream in = Class.forName(className).getResourceAsStream(
                "/" + className.replace('.', '/') + ".class")) {
            assertTrue(in != null, "class file of " + className);
            return in.readAllBytes();
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className, e);
        }
    }

    @Test
    void coreSourcesImportNoAdapterJdbcHttpOrJndi() throws IOException {
        Path sources = Path.of("src", "main", "java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                for (String forbidden : FORBIDDEN) {
                    String pkg = forbidden.replace('/', '.');
                    assertFalse(text.contains("import " + pkg) || text.contains("import static " + pkg),
                            f + " imports " + pkg);
                }
            }
        }
    }
}
