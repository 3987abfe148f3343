package dev.pdsaccounts.xrpc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the Java code blocks of the repository's README.md that a PDS author copies. A block is checked when
 * the line before its {@code ```java} fence is {@code <!-- compiled-snippet: NAME -->}; the test asks for each
 * name it knows, so a marker that disappears fails too. The block is compiled as written, as the body of a method
 * whose parameters are the variables the text around the block introduces, with the library's packages imported
 * (a reader's IDE adds those imports), against the test classpath. Used by this module's test and by
 * {@code xrpc-servlet}'s (through the test-jar).
 */
public final class ReadmeSnippets {
    private static final Pattern MARKED = Pattern.compile(
            "<!-- compiled-snippet: ([\\w-]+) -->\\R```java\\R(.*?)\\R```", Pattern.DOTALL);

    /**
     * Imports every snippet gets: the JDK packages they name and the library's public packages that every module
     * depending on {@code xrpc} sees (mailer-smtp, optional there, is an extra import of its own test).
     */
    private static final List<String> IMPORTS = List.of(
            "java.nio.file.*", "java.time.*", "java.util.*",
            "dev.pdsaccounts.*", "dev.pdsaccounts.account.*", "dev.pdsaccounts.admin.*", "dev.pdsaccounts.config.*",
            "dev.pdsaccounts.error.*", "dev.pdsaccounts.events.*", "dev.pdsaccounts.invite.*",
            "dev.pdsaccounts.mail.*", "dev.pdsaccounts.ratelimit.*", "dev.pdsaccounts.session.*",
            "dev.pdsaccounts.store.*", "dev.pdsaccounts.token.*",
            "dev.pdsaccounts.identity.http.HttpPlcDirectory", "dev.pdsaccounts.identity.http.HandleResolvers",
            "dev.pdsaccounts.store.memory.*", "dev.pdsaccounts.store.jdbc.*", "dev.pdsaccounts.store.sqlite.*",
            "dev.pdsaccounts.xrpc.XrpcDispatcher");

    private ReadmeSnippets() {
    }

    /**
     * The README of the repository, found from the module directory the build runs in ({@code ../README.md}).
     *
     * @return the README's text
     * @throws IOException when it cannot be read
     */
    public static String readme() throws IOException {
        Path readme = Path.of("").toAbsolutePath().resolve("../README.md").normalize();
        assertTrue(Files.isRegularFile(readme), "README.md not found at " + readme);
        return Files.readString(readme, StandardCharsets.UTF_8);
    }

    /**
     * The code of the block marked {@code name}; fails when there is no such block or more than one.
     *
     * @param readme the README's text
     * @param name   the marker's name
     * @return the block's code, without its fences
     */
    public static String snippet(String readme, String name) {
        Matcher m = MARKED.matcher(readme);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(name)) {
                found.add(m.group(2));
            }
        }
        if (found.size() != 1) {
            fail("README.md has " + found.size() + " java blocks marked <!-- compiled-snippet: " + name + " -->");
        }
        return found.get(0);
    }

    /**
     * Compiles {@code code} as the body of a method taking {@code given} (e.g. {@code "Mailer smtp"}), with the
     * extra imports, and fails with the compiler's diagnostics (and the source they refer to) when it does not
     * compile. Warnings are allowed.
     *
     * @param name         the snippet's name, for the messages
     * @param code         the statements
     * @param given        the method's parameter list: the variables the README introduces elsewhere
     * @param extraImports imports beyond the standard set, e.g. a servlet container's types
     */
    public static void assertCompiles(String name, String code, String given, List<String> extraImports) {
        StringBuilder source = new StringBuilder();
        for (String i : IMPORTS) {
            source.append("import ").append(i).append(";\n");
        }
        for (String i : extraImports) {
            source.append("import ").append(i).append(";\n");
        }
        String className = "ReadmeSnippet_" + name.replace('-', '_');
        source.append("class ").append(className).append(" {\n")
                .append("  void snippet(").append(given).append(") throws Exception {\n")
                .append(code).append("\n  }\n}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertTrue(compiler != null, "no system Java compiler (the tests need a JDK)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Path out = Files.createTempDirectory("readme-snippet");
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            StringWriter output = new StringWriter();
            boolean ok = compiler.getTask(output, files, diagnostics,
                    List.of("--release", "17", "-proc:none", "-classpath", classPath, "-d", out.toString()),
                    null, List.of(unit)).call();
            if (!ok) {
                String errors = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
                fail("the README snippet '" + name + "' does not compile as written:\n" + errors
                        + "\n" + output + "\n--- compiled source ---\n" + numbered(source.toString()));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String numbered(String source) {
        String[] lines = source.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format(Locale.ROOT, "%3d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }
}
