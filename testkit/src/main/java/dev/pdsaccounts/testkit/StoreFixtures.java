package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builders of test data for store tests: random identifiers shaped like the real ones and rows with sensible
 * defaults. Every timestamp is a whole millisecond, the precision every adapter must keep (the invite
 * listing's cursor is in epoch milliseconds). Handles and emails are lower-case, as the domain hands them
 * to the store. Thread-safe; the random parts come from {@link ThreadLocalRandom}.
 */
public final class StoreFixtures {

    /** A fixed instant every fixture timestamp is relative to. */
    public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private StoreFixtures() {
    }

    /** {@link #T0} plus {@code seconds} (may be negative). */
    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** {@code n} random characters of the lower-case base32 alphabet ({@code a-z2-7}). */
    public static String randomBase32(int n) {
        StringBuilder out = new StringBuilder(n);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            out.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return out.toString();
    }

    /** A random {@code did:plc:} DID (24 base32 characters). */
    public static String randomDid() {
        return "did:plc:" + randomBase32(24);
    }

    /** A random, normalised handle under {@code .test}. */
    public static String randomHandle() {
        return "u" + randomBase32(10) + ".test";
    }

    /** A random, normalised email address. */
    public static String randomEmail() {
        return "u" + randomBase32(10) + "@example.com";
    }

    /** A random invite code shaped like the reference's ({@code test-xxxxx-xxxxx}). */
    public static String randomInviteCode() {
        return "test-" + randomBase32(5) + "-" + randomBase32(5);
    }

    /** A random refresh-token id (a JWT {@code jti}). */
    public static String randomTokenId() {
        return randomBase32(26);
    }

    /** Lower-case hex SHA-256 of {@code text}: a stand-in for the domain's token hash. */
    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** A random email-token hash (as if of a fresh {@code XXXXX-XXXXX} token). */
    public static String randomTokenHash() {
        return sha256Hex(randomBase32(10).toUpperCase(Locale.ROOT));
    }

    /**
     * A new active account with a password hash, a signing key and {@code createdAt} = {@link #T0}.
     *
     * @param did    its DID
     * @param handle its normalised handle
     * @param email  its normalised email
     * @return the account row
     */
    public static Account anAccount(String did, String handle, String email) {
        return Account.newAccount(did, handle, Optional.of(email),
                Optional.of("$argon2id$v=19$m=19456,t=2,p=1$" + randomBase32(22) + "$" + randomBase32(43)),
                T0, Optional.of(HexFormat.of().formatHex(randomBytes(32))));
    }

    /** {@link #anAccount(String, String, String)} with a random DID, handle and email. */
    public static Account anAccount() {
        return anAccount(randomDid(), randomHandle(), randomEmail());
    }

    /** A new account with no email, no password and no signing key (as an imported, entryway-managed one). */
    public static Account anAccountWithoutCredentials(String did, String handle) {
        return Account.newAccount(did, handle, Optional.empty(), Optional.empty(), T0, Optional.empty());
    }

    /**
     * An account with every optional field set (confirmed, taken down, deactivated, invites disabled, email auth
     * factor on).
     */
    public static Account anAccountWithEverySet() {
        return new Account(randomDid(), randomHandle(), Optional.of(randomEmail()),
                Optional.of("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), Optional.of(at(60)), T0,
                Optional.of("takedown-ref-1"), Optional.of(at(120)), Optional.of(at(3600)), true,
                Optional.of(HexFormat.of().formatHex(randomBytes(32))), true);
    }

    /**
     * An admin-made invite code.
     *
     * @param code          the code
     * @param availableUses total uses
     * @param forAccount    the DID it is issued to, or {@link InviteCode#ADMIN}
     * @param createdAt     when
     * @return the code row (not disabled, {@code createdBy = "admin"})
     */
    public static InviteCode anInviteCode(String code, int availableUses, String forAccount, Instant createdAt) {
        return new InviteCode(code, availableUses, false, forAccount, InviteCode.ADMIN, createdAt);
    }

    /** A random admin code for {@code "admin"} with {@code availableUses} uses, created at {@link #T0}. */
    public static InviteCode anInviteCode(int availableUses) {
        return anInviteCode(randomInviteCode(), availableUses, InviteCode.ADMIN, T0);
    }

    /** A random single-use code earned by {@code did} ({@code forAccount = createdBy = did}). */
    public static InviteCode anEarnedInviteCode(String did, Instant createdAt) {
        return new InviteCode(randomInviteCode(), 1, false, did, did, createdAt);
    }

    /** A session row of {@code did} expiring 90 days after {@link #T0}, not rotated, no app password. */
    public static RefreshToken aRefreshToken(String did) {
        return aRefreshToken(randomTokenId(), did, T0.plus(Duration.ofDays(90)));
    }

    /** A session row with this id, account and expiry, not rotated, no app password. */
    public static RefreshToken aRefreshToken(String id, String did, Instant expiresAt) {
        return new RefreshToken(id, did, expiresAt, Optional.empty(), Optional.empty());
    }

    /** A session row of {@code did} created with the app password {@code appPasswordName}. */
    public static RefreshToken anAppPasswordRefreshToken(String did, String appPasswordName) {
        return new RefreshToken(randomTokenId(), did, T0.plus(Duration.ofDays(90)), Optional.empty(),
                Optional.of(appPasswordName));
    }

    /** A non-privileged app password of {@code did} with a random hash. */
    public static AppPassword anAppPassword(String did, String name, Instant createdAt) {
        return new AppPassword(did, name, "scrypt$" + randomBase32(32), createdAt, false);
    }

    /** An email-token row. */
    public static EmailToken anEmailToken(EmailTokenPurpose purpose, String did, String tokenHash,
                                          Instant requestedAt) {
        return new EmailToken(purpose, did, tokenHash, requestedAt);
    }

    /** A random did:key shaped like a secp256k1 one ({@code did:key:zQ3s...}). */
    public static String randomKeyDid() {
        return "did:key:zQ3s" + randomBase32(44);
    }

    /**
     * A reservation of a random key (64 random hex characters; the store never parses it).
     *
     * @param did       the account DID it is reserved for, if any
     * @param createdAt when
     * @return the reservation row
     */
    public static ReservedSigningKey aReservedSigningKey(Optional<String> did, Instant createdAt) {
        return new ReservedSigningKey(randomKeyDid(), did, HexFormat.of().formatHex(randomBytes(32)), createdAt);
    }

    /** A use record of {@code code} by {@code did} at {@code usedAt}. */
    public static InviteCodeUse aUse(String code, String did, Instant usedAt) {
        return new InviteCodeUse(code, did, usedAt);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
