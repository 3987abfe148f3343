package dev.pdsaccounts.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.store.jdbc.Dialect;
import dev.pdsaccounts.store.jdbc.JdbcAccountStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The in-process write lock of {@link SqliteAccountStore} is only an optimisation: with it switched off, writers
 * on separate connections meet SQLite's own lock ({@code BEGIN IMMEDIATE}, busy timeout, retry) and a
 * single-use invite still creates exactly one account per round.
 */
class SqliteWithoutInProcessLockTest {

    @TempDir
    Path dir;

    @Test
    void beginImmediateAloneSerialisesTheInviteRace() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5000);
        try (SqliteConnections connections = new SqliteConnections("jdbc:sqlite:" + dir.resolve("a.sqlite"), config,
                16)) {
            JdbcAccountStore store = JdbcAccountStore.builder(connections, Dialect.sqlite())
                    .serializeWritesInProcess(false).build();
            Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 40; round++) {
                    String code = "free-" + round;
                    store.insertInviteCodes(List.of(new InviteCode(code, 1, false, "admin", "admin", t0)));
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<CreateAccountResult>> results = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        String did = "did:plc:f" + round + "t" + t;
                        results.add(pool.submit(() -> {
                            go.await();
                            NewAccount account = new NewAccount(Account.newAccount(did, did.substring(8) + ".t",
                                    Optional.empty(), Optional.empty(), t0, Optional.empty()), Optional.of(code),
                                    Optional.empty());
                            return store.inTransaction(tx -> AccountChanges.createAccount(tx, account));
                        }));
                    }
                    go.countDown();
                    int created = 0;
                    for (Future<CreateAccountResult> f : results) {
                        if (f.get(60, TimeUnit.SECONDS) instanceof CreateAccountResult.Created) {
                            created++;
                        }
                    }
                    assertEquals(1, created, "round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(40, store.countAccounts());
        }
    }
}
