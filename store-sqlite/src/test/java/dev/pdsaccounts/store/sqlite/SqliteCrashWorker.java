package dev.pdsaccounts.store.sqlite;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A child JVM of {@link SqliteCrashTest}: writes to the store as fast as it can (invite codes, sign-ups with an
 * invite use and a refresh token and deletions through core's {@link AccountChanges}, rotations, app passwords,
 * email tokens) until it is killed. It opens the store when it reads an empty line on stdin, then prints
 * {@code ready}.
 */
public final class SqliteCrashWorker {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private SqliteCrashWorker() {
    }

    /**
     * Arguments: database file, run number (keeps identifiers distinct across runs).
     *
     * @param args the arguments
     * @throws Exception when the native library cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String run = args[1];
        // Load the classes and the native library first, then wait for the parent's go (it pre-starts the
        // next worker while the current one runs).
        SqliteAccountStore.class.getName();
        org.sqlite.SQLiteJDBCLoader.initialize();
        if (new java.util.Scanner(System.in, java.nio.charset.StandardCharsets.UTF_8).nextLine().isEmpty()) {
            SqliteAccountStore store = SqliteAccountStore.open(file);
            System.out.println("ready");
            System.out.flush();
            write(store, run);
        }
    }

    private static void write(SqliteAccountStore store, String run) {
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
        for (int i = 0; ; i++) {
            String id = run + "x" + i;
            String did = "did:plc:c" + id;
            String code = "crash-" + id;
            store.insertInviteCodes(java.util.List.of(new InviteCode(code, 1, false, InviteCode.ADMIN,
                    InviteCode.ADMIN, t0)));
            NewAccount account = new NewAccount(Account.newAccount(did, "c" + id + ".test",
                    Optional.of("c" + id + "@example.com"), Optional.of("hash"), t0.plusMillis(i), Optional.of("k")),
                    Optional.of(code), Optional.of(new RefreshToken("rt-" + id, did, t0.plusSeconds(3600),
                            Optional.empty(), Optional.empty())));
            store.inTransaction(tx -> AccountChanges.createAccount(tx, account));
            if (i % 3 == 0) {
                store.rotateRefreshToken("rt-" + id, t0.plusSeconds(60), new RefreshToken("rt-" + id + "-next", did,
                        t0.plusSeconds(7200), Optional.empty(), Optional.empty()));
            }
            if (i % 4 == 1) {
                store.insertAppPassword(new AppPassword(did, "app", "h", t0, false));
                store.upsertEmailToken(new EmailToken(EmailTokenPurpose.DELETE_ACCOUNT, did, "tok-" + id, t0));
            }
            if (i % 5 == 2) {
                String gone = "did:plc:c" + run + "x" + (i - 1);
                store.inTransaction(tx -> AccountChanges.deleteAccount(tx, gone, RANDOM));
            }
        }
    }
}
