package dev.pdsaccounts.invite;

import java.time.Instant;
import java.util.Objects;

/**
 * One account created with a code ({@code com.atproto.server.defs#inviteCodeUse}).
 *
 * @param code   the code
 * @param usedBy the DID of the account it created ({@code did:deleted:...} once that account was deleted)
 * @param usedAt when
 */
public record InviteCodeUse(String code, String usedBy, Instant usedAt) {
    /**
     * Validates presence.
     *
     * @param code   the code
     * @param usedBy the DID of the account it created ({@code did:deleted:...} once that account was deleted)
     * @param usedAt when
     * @throws NullPointerException if a component is null
     */
    public InviteCodeUse {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(usedBy, "usedBy");
        Objects.requireNonNull(usedAt, "usedAt");
    }

    /** The prefix of the anonymous user a use record names once its account is deleted. */
    public static final String DELETED_DID_PREFIX = "did:deleted:";

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    /**
     * The anonymous user that replaces a deleted account in its use record: {@code did:deleted:} and 24 random
     * base32 characters (120 bits), so the code's use count stays right and nothing links the record to the
     * account any more.
     *
     * @param random the randomness
     * @return a fresh anonymous DID
     */
    public static String anonymousUser(java.security.SecureRandom random) {
        StringBuilder id = new StringBuilder(DELETED_DID_PREFIX);
        for (int i = 0; i < 24; i++) {
            id.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return id.toString();
    }
}
