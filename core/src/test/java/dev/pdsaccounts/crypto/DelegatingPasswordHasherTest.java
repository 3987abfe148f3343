package dev.pdsaccounts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.crypto.ReferenceScryptHasherTest.Vector;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelegatingPasswordHasherTest {
    private final Argon2idHasher argon2 = new Argon2idHasher(Argon2Parameters.forTestsOnly(), 2);
    private final DelegatingPasswordHasher hasher =
            new DelegatingPasswordHasher(argon2, List.of(new ReferenceScryptHasher(new SecureRandom(), 2)));

    @Test
    void referenceHashesVerifyNeedRehashAndUpgradeToArgon2id() throws Exception {
        for (Vector v : ReferenceScryptHasherTest.accountVectors()) {
            assertTrue(hasher.supports(v.stored()));
            assertTrue(hasher.verify(v.password(), v.stored()));
            assertFalse(hasher.verify(v.password() + "!", v.stored()));
            assertTrue(hasher.needsRehash(v.stored()));

            String upgraded = hasher.hash(v.password());
            assertTrue(upgraded.startsWith(Argon2idHasher.PREFIX));
            assertTrue(argon2.verify(v.password(), upgraded));
            assertTrue(hasher.verify(v.password(), upgraded));
            assertFalse(hasher.needsRehash(upgraded));
        }
    }

    @Test
    void argon2idWithOtherParametersNeedsRehash() {
        String old = new Argon2idHasher(new Argon2Parameters(512, 1, 1), 1).hash("pw");
        assertTrue(hasher.verify("pw", old));
        assertTrue(hasher.needsRehash(old));
        assertEquals(argon2, hasher.primary());
    }

    @Test
    void unknownAndMalformedFormatsFailQuietly() {
        for (String m : new String[] {null, "", ":", "zz:zz", "$argon2id$garbage", "$2b$10$abc", "x".repeat(100_000)}) {
            assertFalse(hasher.supports(m));
            assertFalse(hasher.verify("pw", m));
            assertTrue(hasher.needsRehash(m));
        }
    }
}
