package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.testsupport.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservedHandlesTest {

    static final String RESOURCE = "dev/pdsaccounts/account/reserved-handles.txt";

    @Test
    void bundledResourceIsAByteForByteCopyOfTheReferenceList() {
        String recorded = TestData.shippedResourceChecksums().get(RESOURCE);
        assertNotNull(recorded, "no checksum recorded for " + RESOURCE);
        assertEquals(recorded, TestData.sha256OfResource(RESOURCE));
    }

    @Test
    void defaultsHoldEveryWordOfTheList() throws IOException {
        List<String> lines;
        try (InputStream in = ReservedHandles.class.getResourceAsStream("reserved-handles.txt")) {
            assertNotNull(in, "resource missing");
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        assertEquals(1029, lines.size(), "the reference list has 1,029 words");
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
