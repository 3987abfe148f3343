package dev.pdsaccounts.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Locates {@code ../shared} (vectors, data, lexicons) in place; Surefire passes its path as a system property. */
public final class SharedFiles {
    private SharedFiles() {}

    /** The shared folder's root. */
    public static Path root() {
        String configured = System.getProperty("pdsaccounts.shared.dir");
        Path p = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared folder not found at " + p.toAbsolutePath());
        }
        return p.normalize();
    }

    /** A file or folder below the shared root, e.g. {@code "acceptance/vectors/syntax/handle_syntax_valid.txt"}. */
    public static Path path(String relative) {
        return root().resolve(relative);
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
        String text = read("acceptance/vectors/syntax/" + fileName);
        return text.lines()
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }
}
