package dev.pdsaccounts.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * The project's {@code testdata/} folder (vectors and the checksums of shipped copies; see
 * {@code testdata/SOURCES.md}); Surefire passes its path as a system property, an IDE run falls back to
 * {@code ../testdata} from the module folder.
 */
public final class TestData {
    private TestData() {}

    /** The testdata folder's root. */
    public static Path root() {
        String configured = System.getProperty("pdsaccounts.testdata.dir");
        Path p = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "testdata");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("testdata folder not found at " + p.toAbsolutePath());
        }
        return p.normalize();
    }

    /** A file or folder below the testdata root, e.g. {@code "vectors/syntax/handle_syntax_valid.txt"}. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("testdata file not found: " + p.toAbsolutePath());
        }
        return p;
    }

    /** Reads a whole file as UTF-8. */
    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cases of an interop syntax file: lines neither empty nor starting with {@code #}, NOT trimmed
     * (several invalid cases differ from valid ones only by a leading or trailing space); only the line
     * terminator is stripped.
     */
    public static List<String> syntaxCases(String fileName) {
        String text = read("vectors/syntax/" + fileName);
        return text.lines()
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    /**
     * The recorded SHA-256 (lower-case hex) of every shipped copy, by class-path resource name, from
     * {@code testdata/shipped-resources.sha256} ({@code sha256sum} format, {@code #} comments).
     */
    public static Map<String, String> shippedResourceChecksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : read("shipped-resources.sha256").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int gap = line.indexOf("  ");
            sums.put(line.substring(gap + 2), line.substring(0, gap));
        }
        return sums;
    }

    /** SHA-256 (lower-case hex) of a class-path resource's bytes; fails if the resource is missing. */
    public static String sha256OfResource(String resource) {
        try (InputStream in = TestData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
