package dev.pdsaccounts.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.syntax.Did;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The anonymous user a use record names once its account is deleted. */
class InviteCodeUseTest {
    private static final Pattern FORMAT = Pattern.compile("did:deleted:[a-z2-7]{24}");

    @Test
    void isDidDeletedWith24Base32Characters() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1_000; i++) {
            String user = InviteCodeUse.anonymousUser(random);
            assertTrue(FORMAT.matcher(user).matches(), user);
            assertTrue(user.startsWith(InviteCodeUse.DELETED_DID_PREFIX), user);
            assertTrue(Did.isValid(user), user); // storable wherever a DID is
        }
    }

    @Test
    void usesTheWholeAlphabetAndNeverRepeatsInPractice() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String user = InviteCodeUse.anonymousUser(random);
            assertTrue(seen.add(user), "repeated " + user);
            for (char c : user.substring(InviteCodeUse.DELETED_DID_PREFIX.length()).toCharArray()) {
                chars.add(c);
            }
        }
        assertEquals(32, chars.size(), "every base32 character appears: " + chars);
    }

    @Test
    void isDrawnFromTheGivenRandomnessOnly() {
        // The injected SecureRandom is the only source: a seeded one replays the same user.
        assertEquals(anonymous(7), anonymous(7));
        assertNotEquals(anonymous(7), anonymous(8));
    }

    private static String anonymous(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return InviteCodeUse.anonymousUser(r);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
