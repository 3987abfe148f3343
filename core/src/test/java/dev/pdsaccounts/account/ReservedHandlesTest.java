package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.testsupport.SharedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservedHandlesTest {

    @Test
    void bundledResourceIsAByteForByteCopyOfTheSharedList() throws IOException {
        byte[] shared = Files.readAllBytes(SharedFiles.path("data/reserved-handles.txt"));
        try (InputStream in = ReservedHandles.class.getResourceAsStream("reserved-handles.txt")) {
            assertNotNull(in, "resource missing");
            assertArrayEquals(shared, in.readAllBytes());
        }
    }

    @Test
    void defaultsHoldEveryWordOfTheList() {
        List<String> lines = SharedFiles.read("data/reserved-handles.txt").lines()
                .filter(l -> !l.isBlank()).toList();
        ReservedHandles defaults = ReservedHandles.defaults();
        assertEquals(lines.stream().distinct().count(), defaults.words().size());
        for (String w : lines) {
            assertTrue(defaults.isReserved(w), w);
        }
        for (String w : List.of("at", "atp", "plc", "pds", "did", "repo", "tid", "nsid", "xrpc", "lex", "lexicon",
                "bsky", "bluesky", "handle", "admin", "about", "abuse", "api", "barackobama", "dril")) {
            assertTrue(defaults.isReserved(w), w);
        }
    }

    @Test
    void matchIsExactOnTheWholeLabelIgnoringCase() {
        ReservedHandles defaults = ReservedHandles.defaults();
        assertTrue(defaults.isReserved("ADMIN"));
        assertFalse(defaults.isReserved("admin1"));
        assertFalse(defaults.isReserved("xadmin"));
        assertFalse(defaults.isReserved("alice"));
        assertFalse(defaults.isReserved(""));
        assertFalse(defaults.isReserved(null));
    }

    @Test
    void customLists() {
        ReservedHandles custom = ReservedHandles.of(Arrays.asList(" Foo ", "", "bar"));
        assertTrue(custom.isReserved("foo"));
        assertTrue(custom.isReserved("bar"));
        assertFalse(custom.isReserved("admin"));
        assertEquals(2, custom.words().size());
        assertThrows(IllegalArgumentException.class, () -> ReservedHandles.of(null));
        assertThrows(IllegalArgumentException.class, () -> ReservedHandles.of(Arrays.asList("a", null)));
    }
}
