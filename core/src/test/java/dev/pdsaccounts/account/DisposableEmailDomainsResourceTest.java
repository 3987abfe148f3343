package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.testsupport.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The disposable-email-domain list core ships is the reference's list, as testdata/SOURCES.md describes it. */
class DisposableEmailDomainsResourceTest {
    static final String RESOURCE = "dev/pdsaccounts/account/disposable-email-domains.txt";

    @Test
    void bundledResourceIsAByteForByteCopyOfTheReferenceList() {
        String recorded = TestData.shippedResourceChecksums().get(RESOURCE);
        assertNotNull(recorded, "no checksum recorded for " + RESOURCE);
        assertEquals(recorded, TestData.sha256OfResource(RESOURCE));
    }

    @Test
    void oneLowerCaseDomainALineSortedWithoutDuplicates() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "resource missing");
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(8883, lines.size());
        assertTrue(lines.contains("mailinator.com"));
        for (int i = 0; i < lines.size(); i++) {
            String d = lines.get(i);
            assertEquals(d.strip().toLowerCase(Locale.ROOT), d, "line " + (i + 1));
            assertTrue(d.contains(".") && !d.contains("@"), "line " + (i + 1) + ": " + d);
            if (i > 0) {
                assertTrue(lines.get(i - 1).compareTo(d) < 0, "not sorted or duplicated at line " + (i + 1));
            }
        }
    }
}
