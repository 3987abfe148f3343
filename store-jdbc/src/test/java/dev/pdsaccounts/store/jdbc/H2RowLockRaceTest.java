package dev.pdsaccounts.store.jdbc;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Regression: on H2, a write transaction whose first read ran before another transaction committed went on
 * reading the older state after waiting for the other's row lock, so two of sixteen racing sign-ups both saw a
 * single-use invite code unused (about 1 round in 100). The store now queues H2 write transactions in-process
 * ({@link Dialect#requiresInProcessWriteSerialization()}); this test failed before that.
 */
class H2RowLockRaceTest {
    @Test
    void aLockedInviteCodeIsNeverSeenUnusedAfterAnotherSignUpCommitted() throws Exception {
        Databases.PooledDatabase db = Databases.h2();
        JdbcAccountStore store = JdbcAccountStore.create(db.dataSource(), Dialect.h2());
        ExecutorService ex = Executors.newFixedThreadPool(16);
        int bad = 0;
        for (int round = 0; round < 300; round++) {
            String code = "code-" + round;
            store.insertInviteCodes(List.of(new InviteCode(code, 1, false, "admin", "admin", Instant.now())));
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger created = new AtomicInteger();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                String n = "r" + round + "t" + t;
                fs.add(ex.submit(() -> {
                    go.await();
                    Account a = Account.newAccount("did:plc:" + n, n + ".test", Optional.of(n + "@m.test"),
                            Optional.of("h"), Instant.now(), Optional.empty());
                    store.findInviteCode(code);
                    AtomicInteger attempts = new AtomicInteger();
                    CreateAccountResult r = store.inTransaction(tx -> {
                        attempts.incrementAndGet();
                        tx.findAccountByDid(a.did());
                        int seen = tx.findInviteCode(code).orElseThrow().uses().size();
                        CreateAccountResult res = AccountChanges.createAccount(tx, new NewAccount(a, Optional.of(code), Optional.of(new dev.pdsaccounts.session.RefreshToken("jti-" + n, a.did(), Instant.now().plusSeconds(3600), Optional.empty(), Optional.empty()))));
                        tx.findAccountByDid(a.did());
                        log.add(n + " attempt " + attempts.get() + " saw " + seen + " -> " + res.getClass().getSimpleName());
                        return res;
                    });
                    if (r instanceof CreateAccountResult.Created) {
                        created.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
            if (created.get() != 1) {
                bad++;
                System.out.println("ROUND " + round + " created " + created.get() + " uses "
                        + store.findInviteCode(code).orElseThrow().uses().size());
                log.forEach(l -> System.out.println("  " + l));
            }
        }
        ex.shutdown();
        store.close();
        db.close();
        org.junit.jupiter.api.Assertions.assertEquals(0, bad, "rounds where two sign-ups used one single-use code");
    }
}
