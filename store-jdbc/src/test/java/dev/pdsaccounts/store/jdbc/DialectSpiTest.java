package dev.pdsaccounts.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dialect is a public SPI, and the shipped dialects use nothing else: {@link Dialect} is public, open to
 * subclassing and has no package-private member; the shipped dialects declare no package-private member and
 * their class files name no class of this package but {@link Dialect} (so a dialect in another package can do
 * all they do; {@code example.HostDialectBehaviourTest} runs one).
 */
class DialectSpiTest {
    private static final List<Class<? extends Dialect>> SHIPPED = List.of(PostgresDialect.class, H2Dialect.class,
            SqliteDialect.class);

    @Test
    void dialectIsAPublicOpenClassWithoutPackagePrivateMembers() {
        assertTrue(Modifier.isPublic(Dialect.class.getModifiers()));
        assertTrue(Modifier.isAbstract(Dialect.class.getModifiers()));
        assertFalse(Dialect.class.isSealed());
        assertEquals(List.of(), packagePrivate(Dialect.class));
    }

    @Test
    void shippedDialectsUseOnlyThePublicSpi() throws IOException {
        for (Class<? extends Dialect> dialect : SHIPPED) {
            assertTrue(Modifier.isPublic(dialect.getModifiers()), dialect.getName());
            assertEquals(Dialect.class, dialect.getSuperclass());
            assertEquals(List.of(), packagePrivate(dialect), dialect.getName());
            assertEquals(Set.of("Dialect", dialect.getSimpleName()), packageClassesNamedBy(dialect),
                    dialect.getName());
        }
    }

    @Test
    void eachShippedDialectHasItsSchemaFolderWithEveryScript() throws IOException {
        for (Dialect dialect : List.of(Dialect.postgres(), Dialect.h2(), Dialect.sqlite())) {
            for (String script : SchemaMigrator.scripts()) {
                try (InputStream in = dialect.getClass().getResourceAsStream("/" + dialect.schemaLocation() + "/"
                        + script)) {
                    assertTrue(in != null, dialect + " lacks " + script);
                }
            }
        }
    }

    private static List<String> packagePrivate(Class<?> type) {
        List<Member> members = new ArrayList<>();
        members.addAll(List.of(type.getDeclaredMethods()));
        members.addAll(List.of(type.getDeclaredConstructors()));
        members.addAll(List.of(type.getDeclaredFields()));
        return members.stream().filter(m -> !m.isSynthetic())
                .filter(m -> (m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == 0)
                .map(Member::getName).toList();
    }

    /** The simple names of this package's classes the compiled class refers to (its constant pool's names). */
    private static Set<String> packageClassesNamedBy(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        String bytes;
        try (InputStream in = type.getResourceAsStream(resource)) {
            bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        Matcher m = Pattern.compile("dev/pdsaccounts/store/jdbc/([A-Za-z0-9_$]+)").matcher(bytes);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
