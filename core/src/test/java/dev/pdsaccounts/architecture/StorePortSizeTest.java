package dev.pdsaccounts.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.store.AccountStore;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a store adapter implements (issue 15): the abstract methods of {@link AccountStore}. The number is the
 * one the README's adapter guide and the port's javadoc state, so neither can drift from the code, and a new
 * method cannot slip into the port unnoticed.
 */
class StorePortSizeTest {

    private static List<Method> abstractMethods() {
        return Arrays.stream(AccountStore.class.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .toList();
    }

    @Test
    void theReadmeAndThePortJavadocStateHowManyMethodsAnAdapterImplements() throws IOException {
        int count = abstractMethods().size();
        Path readme = Path.of("").toAbsolutePath().resolve("../README.md").normalize();
        assertTrue(Files.isRegularFile(readme), "README.md not found at " + readme);
        Matcher stated = Pattern.compile("implements `dev\\.pdsaccounts\\.store\\.AccountStore`'s \\*\\*(\\d+) "
                + "abstract methods\\*\\*").matcher(Files.readString(readme));
        assertTrue(stated.find(), "the README's adapter guide states the number of methods an adapter implements");
        assertEquals(count, Integer.parseInt(stated.group(1)), "README: methods an adapter implements " + names());

        Path port = Path.of("src/main/java/dev/pdsaccounts/store/AccountStore.java");
        Matcher javadoc = Pattern.compile("plus \\{@link #inTransaction\\}, (\\d+) in\\s+\\* all")
                .matcher(Files.readString(port));
        assertTrue(javadoc.find(), "AccountStore's javadoc states the number");
        assertEquals(count, Integer.parseInt(javadoc.group(1)), "AccountStore javadoc");
    }

    @Test
    void theAdapterImplementsAtMostTwentyFiveMethods() {
        assertTrue(abstractMethods().size() <= 25, "a store adapter implements at most 25 methods: " + names());
    }

    private static List<String> names() {
        return abstractMethods().stream().map(Method::getName).sorted().toList();
    }
}
