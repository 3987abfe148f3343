package dev.pdsaccounts.service.session;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.crypto.AppPasswordHasher;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.session.AccessClaims;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.AppPasswordCreated;
import dev.pdsaccounts.session.AppPasswordInfo;
import dev.pdsaccounts.service.internal.CreateAppPasswordResult;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.service.internal.SessionErrors;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * App passwords: {@code com.atproto.server.createAppPassword}, {@code listAppPasswords} and
 * {@code revokeAppPassword}. The host's XRPC layer authorises first (reference {@code auth-verifier}):
 * {@code createAppPassword} needs a {@link Scope#FULL} session of an account that is not taken down
 * ({@link SessionService#requireAccount} with {@code checkTakedown}); the other two a {@link Scope#STANDARD}
 * session. Each takes the DID from the verified claims. Thread-safe.
 *
 * <pre>{@code
 * AppPasswordCreated ap = pds.appPasswords().createAppPassword(claims.did(), "my client", false);
 * pds.appPasswords().revokeAppPassword(claims.did(), "my client"); // and every session made with it
 * }</pre>
 */
public final class AppPasswordService {
    /** Longest app-password name, in UTF-16 units (the reference sets none; this keeps rows bounded). */
    public static final int MAX_APP_PASSWORD_NAME_LENGTH = 255;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final AppPasswordHasher hasher;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param store  the store port
     * @param clock  the clock (millisecond precision)
     * @param random the randomness of new app passwords
     * @param hasher the hash app passwords are stored as
     */
    public AppPasswordService(AccountStore store, Clock clock, SecureRandom random, AppPasswordHasher hasher) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /**
     * Creates an app password ({@code com.atproto.server.createAppPassword}). The host's XRPC layer requires a
     * {@link Scope#FULL} session and passes its {@link AccessClaims#did()}; app-password sessions must not
     * create app passwords.
     *
     * <p>The password is 16 characters of lower-case base32 ({@code a-z2-7}) from 16 random bytes, shown as
     * {@code xxxx-xxxx-xxxx-xxxx}; it is stored as the configured {@link AppPasswordHasher}'s hash (by
     * default the reference's: scrypt with the per-account salt), so a login needs one extra hash at most
     * whatever the number of app passwords, and a reference PDS database stays compatible.
     *
     * @param did        the account (from the verified claims)
     * @param name       a name unique for the account: not blank, at most {@value #MAX_APP_PASSWORD_NAME_LENGTH}
     *                   characters, no control characters; stored as given
     * @param privileged whether its sessions get {@link Scope#APP_PASS_PRIVILEGED}
     * @return the app password, with its plaintext shown this once
     * @throws LexiconException {@code InvalidRequest} for a bad DID or name, or "An app password with this name
     *                          already exists"; {@code AccountNotFound} (403); {@code AccountTakedown} (401)
     */
    public AppPasswordCreated createAppPassword(String did, String name, boolean privileged) {
        requireDid(did);
        requireValidName(name);
        Account account = store.findAccountByDid(did).orElseThrow(SessionErrors::accountNotFound);
        if (account.isTakenDown()) {
            throw SessionErrors.takedown();
        }
        if (SessionViews.findAppPassword(store, did, name).isPresent()) {
            throw SessionErrors.duplicateAppPassword();
        }
        String password = newAppPassword(random);
        String hash = hasher.hash(password, did);
        Instant createdAt = clock.instant();
        AppPassword row = new AppPassword(did, name, hash, createdAt, privileged);
        CreateAppPasswordResult result = store.inTransaction(tx -> {
            if (tx.findAccountByDid(did).isEmpty()) {
                return new CreateAppPasswordResult.AccountNotFound();
            }
            return tx.insertAppPassword(row) ? new CreateAppPasswordResult.Created()
                    : new CreateAppPasswordResult.DuplicateName();
        });
        if (result instanceof CreateAppPasswordResult.DuplicateName) {
            throw SessionErrors.duplicateAppPassword();
        } else if (result instanceof CreateAppPasswordResult.AccountNotFound) {
            throw SessionErrors.accountNotFound();
        }
        return new AppPasswordCreated(name, password, createdAt, privileged);
    }

    /**
     * The account's app passwords, newest first, without secrets ({@code com.atproto.server.listAppPasswords};
     * the host requires a {@link Scope#STANDARD} session).
     *
     * @param did the account (from the verified claims)
     * @return the app passwords; empty when there are none (or no such account)
     * @throws LexiconException {@code InvalidRequest} for a bad DID
     */
    public List<AppPasswordInfo> listAppPasswords(String did) {
        requireDid(did);
        return store.appPasswordsOf(did).stream()
                .map(p -> new AppPasswordInfo(p.name(), p.createdAt(), p.privileged()))
                .toList();
    }

    /**
     * Revokes an app password and every session made with it, in one step
     * ({@code com.atproto.server.revokeAppPassword}; the host requires a {@link Scope#STANDARD} session).
     * Idempotent: revoking an unknown name succeeds.
     *
     * @param did  the account (from the verified claims)
     * @param name the app password's name
     * @throws LexiconException {@code InvalidRequest} for a bad DID or a null name
     */
    public void revokeAppPassword(String did, String name) {
        requireDid(did);
        if (name == null) {
            throw SessionErrors.missingProperty("name");
        }
        if (nameProblem(name) != null) {
            return; // no app password can have this name
        }
        store.inTransaction(tx -> AccountChanges.revokeAppPassword(tx, did, name));
    }


    /** Sixteen random bytes as lower-case base32, the first sixteen characters in groups of four. */
    static String newAppPassword(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        StringBuilder chars = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                chars.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        String s = chars.substring(0, 16);
        return s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16);
    }

    private static void requireDid(String did) {
        if (did == null) {
            throw SessionErrors.missingProperty("did");
        }
        Did.parse(did);
    }

    private static void requireValidName(String name) {
        if (name == null) {
            throw SessionErrors.missingProperty("name");
        }
        String problem = nameProblem(name);
        if (problem != null) {
            throw SessionErrors.invalidAppPasswordName(problem);
        }
    }

    private static String nameProblem(String name) {
        if (name.isBlank()) {
            return "must not be blank";
        }
        if (name.length() > MAX_APP_PASSWORD_NAME_LENGTH) {
            return "must be at most " + MAX_APP_PASSWORD_NAME_LENGTH + " characters";
        }
        if (!SessionViews.isPlainText(name)) {
            return "must not contain control characters";
        }
        return null;
    }
}
