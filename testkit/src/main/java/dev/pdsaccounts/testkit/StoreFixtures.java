package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
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

    /**
     * {@return how many signing-key reservations the store holds, expired ones included} The port answers it only
     * with its delete; a delete that names no reservation and no cutoff deletes nothing.
     *
     * @param access the store or a transaction
     */
    public static long reservationsHeld(StoreAccess access) {
        return access.deleteReservedSigningKeys(List.of(), Optional.empty());
    }

    /**
     * An instant relative to {@link #T0}.
     *
     * @param seconds seconds after {@link #T0} (before it, if negative)
     * @return {@link #T0} plus {@code seconds}
     */
    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /**
     * Random text in the lower-case base32 alphabet ({@code a-z2-7}).
     *
     * @param n how many characters
     * @return {@code n} random characters
     */
    public static String randomBase32(int n) {
        StringBuilder out = new StringBuilder(n);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            out.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return out.toString();
    }

    /** {@return a random {@code did:plc:} DID (24 base32 characters)} */
    public static String randomDid() {
        return "did:plc:" + randomBase32(24);
    }

    /** {@return a random, normalised handle under {@code .test}} */
    public static String randomHandle() {
        return "u" + randomBase32(10) + ".test";
    }

    /** {@return a random, normalised email address} */
    public static String randomEmail() {
        return "u" + randomBase32(10) + "@example.com";
    }

    /** {@return a random invite code shaped like the reference's ({@code test-xxxxx-xxxxx})} */
    public static String randomInviteCode() {
        return "test-" + randomBase32(5) + "-" + randomBase32(5);
    }

    /** {@return a random refresh-token id (a JWT {@code jti})} */
    public static String randomTokenId() {
        return randomBase32(26);
    }

    /**
     * A stand-in for the domain's token hash.
     *
     * @param text the text to hash (UTF-8)
     * @return the lower-case hex SHA-256 of {@code text}
     */
    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** {@return a random email-token hash (as if of a fresh {@code XXXXX-XXXXX} token)} */
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

    /** {@return {@link #anAccount(String, String, String)} with a random DID, handle and email} */
    public static Account anAccount() {
        return anAccount(randomDid(), randomHandle(), randomEmail());
    }

    /**
     * A new account with no email, no password and no signing key (as an imported, entryway-managed one),
     * created at {@link #T0}.
     *
     * @param did    its DID
     * @param handle its normalised handle
     * @return the account row
     */
    public static Account anAccountWithoutCredentials(String did, String handle) {
        return Account.newAccount(did, handle, Optional.empty(), Optional.empty(), T0, Optional.empty());
    }

    /**
     * {@return a random account with every optional field set (confirmed, taken down, deactivated, invites
     * disabled, email auth factor on)}
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

    /**
     * A random admin code for {@code "admin"}, created at {@link #T0}.
     *
     * @param availableUses total uses
     * @return the code row (not disabled)
     */
    public static InviteCode anInviteCode(int availableUses) {
        return anInviteCode(randomInviteCode(), availableUses, InviteCode.ADMIN, T0);
    }

    /**
     * A random single-use code earned by an account ({@code forAccount = createdBy = did}).
     *
     * @param did       the earning account
     * @param createdAt when it was earned
     * @return the code row (not disabled)
     */
    public static InviteCode anEarnedInviteCode(String did, Instant createdAt) {
        return new InviteCode(randomInviteCode(), 1, false, did, did, createdAt);
    }

    /**
     * A random session row expiring 90 days after {@link #T0}, not rotated, no app password.
     *
     * @param did the account it belongs to
     * @return the refresh-token row
     */
    public static RefreshToken aRefreshToken(String did) {
        return aRefreshToken(randomTokenId(), did, T0.plus(Duration.ofDays(90)));
    }

    /**
     * A session row, not rotated, no app password.
     *
     * @param id        its id (the JWT {@code jti})
     * @param did       the account it belongs to
     * @param expiresAt when it expires
     * @return the refresh-token row
     */
    public static RefreshToken aRefreshToken(String id, String did, Instant expiresAt) {
        return new RefreshToken(id, did, expiresAt, Optional.empty(), Optional.empty());
    }

    /**
     * A random session row created by logging in with an app password, expiring 90 days after {@link #T0}.
     *
     * @param did             the account it belongs to
     * @param appPasswordName the name of the app password it was created with
     * @return the refresh-token row
     */
    public static RefreshToken anAppPasswordRefreshToken(String did, String appPasswordName) {
        return new RefreshToken(randomTokenId(), did, T0.plus(Duration.ofDays(90)), Optional.empty(),
                Optional.of(appPasswordName));
    }

    /**
     * A non-privileged app password with a random hash.
     *
     * @param did       the account it belongs to
     * @param name      its name (unique per account)
     * @param createdAt when it was created
     * @return the app-password row
     */
    public static AppPassword anAppPassword(String did, String name, Instant createdAt) {
        return new AppPassword(did, name, "scrypt$" + randomBase32(32), createdAt, false);
    }

    /**
     * An email-token row.
     *
     * @param purpose     what the token is for
     * @param did         the account it belongs to
     * @param tokenHash   the hash of the token (e.g. {@link #randomTokenHash()})
     * @param requestedAt when it was requested
     * @return the email-token row
     */
    public static EmailToken anEmailToken(EmailTokenPurpose purpose, String did, String tokenHash,
                                          Instant requestedAt) {
        return new EmailToken(purpose, did, tokenHash, requestedAt);
    }

    /** {@return a random did:key shaped like a secp256k1 one ({@code did:key:zQ3s...})} */
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

    /**
     * A use record of an invite code.
     *
     * @param code   the code used
     * @param did    the account that used it
     * @param usedAt when
     * @return the use row
     */
    public static InviteCodeUse aUse(String code, String did, Instant usedAt) {
        return new InviteCodeUse(code, did, usedAt);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
