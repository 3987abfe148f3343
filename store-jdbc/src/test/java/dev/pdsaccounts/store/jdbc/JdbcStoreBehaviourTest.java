package dev.pdsaccounts.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.service.internal.TokenEffect;
import dev.pdsaccounts.service.internal.TokenUseResult;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store adds on one backend beyond the testkit's store contract: the host's connection state,
 * the SQL that turns unique keys into result values also against concurrent uncommitted transactions, the
 * row locks of {@code find...} inside a transaction, rollback and retry of a transaction's work, and
 * multi-threaded races of the use cases that rely on those locks (run through core's {@link AccountChanges}).
 * Subclasses supply a fresh database per test.
 */
public abstract class JdbcStoreBehaviourTest {

    /** A fixed millisecond-precision clock origin (the store keeps epoch milliseconds). */
    protected static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    /** The database of the current test. */
    protected TestDatabase db;
    /** Its store. */
    protected AccountStore store;

    /** A fresh, empty database for one test. */
    protected abstract TestDatabase openDatabase();

    /** How many threads the race tests use. */
    protected int raceThreads() {
        return 8;
    }

    /** How many rounds the race tests run. */
    protected int raceRounds() {
        return 40;
    }

    @BeforeEach
    void openStore() {
        db = openDatabase();
        store = db.store();
    }

    @AfterEach
    void closeStore() {
        if (db != null) {
            db.close();
        }
    }

    // ---- fixtures ----

    /** An active account created at {@code T0}. */
    protected static Account account(String did, String handle, String email) {
        return Account.newAccount(did, handle, Optional.ofNullable(email), Optional.of("hash-" + did), T0,
                Optional.of("key-" + did));
    }

    /** An admin code. */
    protected static InviteCode adminCode(String code, int uses) {
        return new InviteCode(code, uses, false, InviteCode.ADMIN, InviteCode.ADMIN, T0);
    }

    /** A refresh-token row expiring a day after {@code T0}. */
    protected static RefreshToken refresh(String id, String did) {
        return new RefreshToken(id, did, T0.plusSeconds(86_400), Optional.empty(), Optional.empty());
    }

    /** Inserts an account and asserts it was written. */
    protected Account created(String did, String handle, String email) {
        Account a = account(did, handle, email);
        assertInstanceOf(AccountWriteResult.Written.class, store.insertAccount(a));
        return a;
    }

    // ---- the host's connection ----

    /** A data source that hands out one connection and ignores close(), so its state can be inspected. */
    private static javax.sql.DataSource single(java.sql.Connection c) {
        java.sql.Connection shared = (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                JdbcStoreBehaviourTest.class.getClassLoader(), new Class<?>[] {java.sql.Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                JdbcStoreBehaviourTest.class.getClassLoader(), new Class<?>[] {javax.sql.DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return shared;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theHostsConnectionStateIsRestoredAndItsOpenTransactionIsNotContinued() throws Exception {
        store.findAccountByDid("did:plc:migrated"); // the schema exists before the single-connection store runs
        try (java.sql.Connection c = db.dataSource().getConnection()) {
            AccountStore onOne = JdbcAccountStore.create(single(c), db.dialect());
            c.setAutoCommit(true);
            created("did:plc:a1", "a1.test", "a1@example.com");
            assertTrue(onOne.findAccountByDid("did:plc:a1").isPresent());
            assertInstanceOf(AccountWriteResult.Written.class,
                    onOne.insertAccount(account("did:plc:a2", "a2.test", "a2@example.com")));
            assertTrue(onOne.inTransaction(tx -> tx.findAccountByDid("did:plc:a2")).isPresent());
            assertTrue(c.getAutoCommit(), "auto-commit restored after a read, a write and a transaction");

            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM account WHERE did = 'did:plc:a1'"); // the host's uncommitted work
            }
            assertTrue(onOne.findAccountByDid("did:plc:a2").isPresent());
            assertInstanceOf(AccountWriteResult.Written.class, onOne.inTransaction(tx ->
                    tx.insertAccount(account("did:plc:a3", "a3.test", "a3@example.com"))));
            assertFalse(c.getAutoCommit(), "manual commit restored");
            c.rollback();
        }
        assertTrue(store.findAccountByDid("did:plc:a1").isPresent(), "the host's open transaction was not committed");
        assertTrue(store.findAccountByDid("did:plc:a3").isPresent(), "the store's own write was committed");
    }

    // ---- unique keys as result values ----

    @Test
    void accountRoundTripsEveryColumnAndItsUniqueKeysAreResultValues() {
        Account a = new Account("did:plc:full", "full.test", Optional.of("full@example.com"), Optional.of("h"),
                Optional.of(T0.plusMillis(5)), T0, Optional.of("ref-1"), Optional.of(T0.plusMillis(7)),
                Optional.of(T0.plusMillis(9)), true, Optional.of("secret-key"));
        assertInstanceOf(AccountWriteResult.Written.class, store.insertAccount(a));
        assertEquals(Optional.of(a), store.findAccountByHandle("full.test"));
        assertEquals(Optional.of(a), store.findAccountByEmail("full@example.com"));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:FULL"));
        created("did:plc:b", "b.test", "b@example.com");
        created("did:plc:noemail", "n.test", null);
        assertInstanceOf(AccountWriteResult.DidTaken.class, store.insertAccount(account("did:plc:full", "b.test",
                "b@example.com")));
        assertInstanceOf(AccountWriteResult.HandleTaken.class, store.insertAccount(account("did:plc:c", "b.test",
                "full@example.com")));
        assertInstanceOf(AccountWriteResult.EmailTaken.class, store.insertAccount(account("did:plc:c", "c.test",
                "b@example.com")));
        assertInstanceOf(AccountWriteResult.Written.class, store.insertAccount(account("did:plc:c", "c.test", null)));

        Account b = store.findAccountByDid("did:plc:b").orElseThrow();
        assertInstanceOf(AccountWriteResult.HandleTaken.class, store.updateAccount(b.withHandle("full.test")));
        assertInstanceOf(AccountWriteResult.EmailTaken.class, store.updateAccount(b.withEmail("full@example.com")));
        assertInstanceOf(AccountWriteResult.NotFound.class, store.updateAccount(account("did:plc:none", "x.test",
                null)));
        Account changed = b.withHandle("b2.test").withEmail("b2@example.com").withTakedownRef(Optional.of("t"))
                .withDeactivation(Optional.of(T0), Optional.of(T0.plusSeconds(1))).withInvitesDisabled(true);
        assertInstanceOf(AccountWriteResult.Written.class, store.updateAccount(changed));
        assertEquals(Optional.of(changed), store.findAccountByHandle("b2.test"));
        assertEquals(Optional.empty(), store.findAccountByHandle("b.test"));
        assertEquals(4, store.countAccounts());
    }

    @Test
    void textWithNulIsNeverFoundAndNeverWritten() {
        created("did:plc:a", "a.test", "a@example.com");
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:a\u0000"));
        assertEquals(Optional.empty(), store.inTransaction(tx -> tx.findAccountByHandle("a.test\u0000")));
        assertFalse(store.deleteAccount("did:plc:a\u0000"));
        assertInstanceOf(AccountWriteResult.NotFound.class, store.updateAccount(account("did:plc:a\u0000", "x", null)));
        Account a = store.findAccountByDid("did:plc:a").orElseThrow();
        assertThrows(StoreException.class, () -> store.updateAccount(a.withHandle("b\u0000.test")));
        assertThrows(StoreException.class, () -> store.insertAccount(account("did:plc:b", "b\u0000", null)));
        assertThrows(StoreException.class, () -> store.insertRefreshToken(refresh("rt\u0000", "did:plc:a")));
        assertEquals(Optional.of(a), store.findAccountByDid("did:plc:a"));
    }

    @Test
    void concurrentInsertsOfOneHandleReportHandleTakenToTheLosers() throws Exception {
        for (int round = 0; round < raceRounds() / 4; round++) {
            int r = round;
            List<AccountWriteResult> results = race(raceThreads(), t -> () -> store.inTransaction(tx ->
                    tx.insertAccount(account("did:plc:h" + r + "t" + t, "same" + r + ".test", null))));
            assertEquals(1, results.stream().filter(x -> x instanceof AccountWriteResult.Written).count());
            assertTrue(results.stream().allMatch(x -> x instanceof AccountWriteResult.Written
                    || x instanceof AccountWriteResult.HandleTaken), results.toString());
        }
    }

    @Test
    void concurrentUpdatesToOneEmailReportEmailTakenToTheLosers() throws Exception {
        for (int t = 0; t < raceThreads(); t++) {
            created("did:plc:e" + t, "e" + t + ".test", null);
        }
        for (int round = 0; round < raceRounds() / 4; round++) {
            String email = "same" + round + "@example.com";
            List<AccountWriteResult> results = race(raceThreads(), t -> () -> store.updateAccount(
                    store.findAccountByDid("did:plc:e" + t).orElseThrow().withEmail(email)));
            assertEquals(1, results.stream().filter(x -> x instanceof AccountWriteResult.Written).count());
            assertTrue(results.stream().allMatch(x -> x instanceof AccountWriteResult.Written
                    || x instanceof AccountWriteResult.EmailTaken), results.toString());
        }
    }

    // ---- transactions ----

    @Test
    void aTransactionCommitsWhenTheWorkReturnsAndRollsBackWhenItThrows() {
        created("did:plc:a", "a.test", null);
        IllegalStateException thrown = new IllegalStateException("the work's own failure");
        IllegalStateException seen = assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
            tx.deleteAccount("did:plc:a");
            tx.insertRefreshToken(refresh("rt-1", "did:plc:a"));
            throw thrown;
        }));
        assertSame(thrown, seen, "the work's exception propagates unchanged");
        assertTrue(store.findAccountByDid("did:plc:a").isPresent());
        assertEquals(Optional.empty(), store.findRefreshToken("rt-1"));

        AtomicReference<StoreAccess> leaked = new AtomicReference<>();
        assertEquals("done", store.inTransaction(tx -> {
            leaked.set(tx);
            tx.deleteAccount("did:plc:a");
            tx.insertRefreshToken(refresh("rt-1", "did:plc:a"));
            return "done";
        }));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:a"));
        assertTrue(store.findRefreshToken("rt-1").isPresent());
        assertThrows(IllegalStateException.class, () -> leaked.get().findRefreshToken("rt-1"),
                "the access is valid only during the work");
    }

    @Test
    void aFailedStatementRollsBackTheWholeTransactionEvenWhenTheWorkSwallowsIt() {
        store.insertInviteCodes(List.of(adminCode("taken-7", 1)));
        AtomicInteger runs = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        StoreException failure = assertThrows(StoreException.class, () -> store.inTransaction(tx -> {
            runs.incrementAndGet();
            tx.insertAccount(account("did:plc:a", "a.test", null));
            for (Runnable call : List.<Runnable>of(() -> tx.insertInviteCodes(List.of(adminCode("taken-7", 1))),
                    () -> tx.findAccountByDid("did:plc:a"))) {
                try {
                    call.run();
                    seen.add("returned");
                } catch (StoreException e) {
                    seen.add("StoreException");
                }
            }
            return "swallowed";
        }));
        assertEquals(List.of("StoreException", "StoreException"), seen, "no statement runs after a failed one");
        assertFalse(failure.getMessage().contains("taken-7"), "a duplicate key's value never reaches the message");
        assertEquals(1, runs.get(), "a duplicate key is not transient: no retry");
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:a"));

        IllegalArgumentException own = new IllegalArgumentException("the work's own");
        assertSame(own, assertThrows(IllegalArgumentException.class, () -> store.inTransaction(tx -> {
            try {
                tx.insertInviteCodes(List.of(adminCode("taken-7", 1)));
            } catch (StoreException e) {
                throw own;
            }
            return null;
        })));
        assertThrows(StoreException.class, () -> store.insertInviteCodes(List.of(adminCode("fresh", 1),
                adminCode("taken-7", 1))));
        assertEquals(Optional.empty(), store.findInviteCode("fresh"), "a multi-row write is all or nothing");
    }

    /**
     * Read, then write what was read plus one: without the row lock of {@code find...} inside the transaction,
     * concurrent increments would be lost.
     */
    @Test
    void findInsideATransactionLocksTheRowSoNoUpdateIsLost() throws Exception {
        created("did:plc:counter", "counter.test", null);
        int perThread = 10;
        race(raceThreads(), t -> () -> {
            for (int i = 0; i < perThread; i++) {
                store.inTransaction(tx -> {
                    Account a = tx.findAccountByDid("did:plc:counter").orElseThrow();
                    int n = Integer.parseInt(a.takedownRef().orElse("0"));
                    return tx.updateAccount(a.withTakedownRef(Optional.of(Integer.toString(n + 1))));
                });
            }
            return null;
        });
        assertEquals(Optional.of(Integer.toString(raceThreads() * perThread)),
                store.findAccountByDid("did:plc:counter").orElseThrow().takedownRef());
    }

    /** Two transactions that lock the same two rows in opposite orders: a deadlock the store retries away. */
    @Test
    void aDeadlockedTransactionRunsAgain() throws Exception {
        created("did:plc:x", "x.test", null);
        created("did:plc:y", "y.test", null);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch bothLocked = new CountDownLatch(2);
        List<String> results = race(2, t -> () -> store.inTransaction(tx -> {
            boolean first = runs.incrementAndGet() <= 2;
            String mine = t == 0 ? "did:plc:x" : "did:plc:y";
            String theirs = t == 0 ? "did:plc:y" : "did:plc:x";
            Account a = tx.findAccountByDid(mine).orElseThrow();
            if (first) {
                bothLocked.countDown();
                awaitQuietly(bothLocked); // on SQLite the second writer waits at BEGIN: no deadlock, no wait here
            }
            Account b = tx.findAccountByDid(theirs).orElseThrow();
            tx.updateAccount(a.withTakedownRef(Optional.of("by-" + t)));
            tx.updateAccount(b.withTakedownRef(Optional.of("by-" + t)));
            return "t" + t;
        }));
        assertEquals(List.of("t0", "t1"), results);
        assertEquals(store.findAccountByDid("did:plc:x").orElseThrow().takedownRef(),
                store.findAccountByDid("did:plc:y").orElseThrow().takedownRef(), "one transaction wrote last, wholly");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- plain storage the contract leaves to SQL ----

    @Test
    void usageListingCountsTheUseRecords() {
        List<InviteCode> codes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            codes.add(new InviteCode("code-" + i, 3, false, InviteCode.ADMIN, InviteCode.ADMIN,
                    T0.plusMillis(i / 2)));
        }
        store.insertInviteCodes(codes);
        for (int i = 0; i < 3; i++) {
            store.insertInviteCodeUse(new InviteCodeUse("code-2", "did:plc:u" + i, T0));
        }
        store.insertInviteCodeUse(new InviteCodeUse("code-5", "did:plc:v", T0));
        assertEquals(1, store.deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, "did:plc:v")));
        store.insertInviteCodeUse(new InviteCodeUse("code-5", "did:deleted:v", T0));
        assertEquals(List.of("code-6", "code-5", "code-4", "code-3", "code-2", "code-1", "code-0"),
                collect(InviteSort.RECENT, 3));
        assertEquals(List.of("code-2", "code-5", "code-6", "code-4", "code-3", "code-1", "code-0"),
                collect(InviteSort.USAGE, 2));
        InviteCodePage first = store.listInviteCodes(InviteSort.USAGE, 1, Optional.empty());
        assertEquals(3, first.codes().get(0).uses().size());
        assertEquals(Optional.of(new InviteCursor(3, "code-2")), first.next());
        assertEquals(Optional.empty(), store.listInviteCodes(InviteSort.RECENT, 7, Optional.empty()).next());
        assertEquals(1, store.deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, "code-2")));
        assertEquals(1, store.deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, "code-5")));
        assertEquals(0, store.deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, "nope")));
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM invite_code_use"));
    }

    private List<String> collect(InviteSort sort, int pageSize) {
        List<String> out = new ArrayList<>();
        Optional<InviteCursor> cursor = Optional.empty();
        do {
            InviteCodePage page = store.listInviteCodes(sort, pageSize, cursor);
            page.codes().forEach(c -> out.add(c.code().code()));
            cursor = page.next();
        } while (cursor.isPresent());
        return out;
    }

    @Test
    void listAccountsEmailPrefixIsExactNotAPattern() {
        created("did:plc:c", "c.test", "alice@x.com");
        created("did:plc:a", "a.test", "alice@y.com");
        created("did:plc:b", "b.test", "bob@x.com");
        created("did:plc:d", "d.test", null);
        created("did:plc:e", "e.test", "al%ce@x.com");
        assertEquals(List.of("did:plc:a", "did:plc:c"), dids(store.listAccounts(Optional.of("alice"), Optional.empty(), 10)));
        assertEquals(List.of("did:plc:c"), dids(store.listAccounts(Optional.of("alice"), Optional.of("did:plc:a"), 10)));
        assertEquals(List.of("did:plc:e"), dids(store.listAccounts(Optional.of("al%"), Optional.empty(), 10)));
        assertEquals(List.of(), dids(store.listAccounts(Optional.of("ALICE"), Optional.empty(), 10)));
        assertEquals(4, store.listAccounts(Optional.of(""), Optional.empty(), 10).size());
    }

    private static List<String> dids(List<Account> accounts) {
        return accounts.stream().map(Account::did).toList();
    }

    @Test
    void anEmailTokenHashHeldByAnotherAccountIsAStoreFailure() {
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", "same", T0));
        StoreException e = assertThrows(StoreException.class, () -> store.upsertEmailToken(
                new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:b", "same", T0)));
        assertFalse(e.getMessage().contains("same"));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.CONFIRM_EMAIL, "did:plc:b", "same", T0));
        assertEquals("did:plc:a", store.findEmailTokenByHash(EmailTokenPurpose.RESET_PASSWORD, "same").orElseThrow()
                .did());
    }

    // ---- races of the use cases that rely on the store's locks ----

    /** Runs {@code task} on {@code threads} threads released together; returns their results in thread order. */
    protected static <T> List<T> race(int threads, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<T> c = task.apply(t);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return c.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void singleUseInviteRaceCreatesExactlyOneAccountPerRound() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            String code = "race-" + round;
            store.insertInviteCodes(List.of(adminCode(code, 1)));
            int r = round;
            List<CreateAccountResult> results = race(raceThreads(), t -> () -> store.inTransaction(tx ->
                    AccountChanges.createAccount(tx, new NewAccount(account("did:plc:r" + r + "t" + t,
                            "r" + r + "t" + t + ".test", null), Optional.of(code),
                            Optional.of(refresh("rt-r" + r + "t" + t, "did:plc:r" + r + "t" + t))))));
            assertEquals(1, results.stream().filter(x -> x instanceof CreateAccountResult.Created).count(),
                    "round " + round + ": " + results);
            assertTrue(results.stream().allMatch(x -> x instanceof CreateAccountResult.Created
                    || x instanceof CreateAccountResult.InviteUnavailable), results.toString());
            assertEquals(1, store.findInviteCode(code).orElseThrow().uses().size());
        }
        assertEquals(raceRounds(), store.countAccounts());
        assertEquals(raceRounds(), db.queryLong("SELECT COUNT(*) FROM refresh_token"));
        assertEquals(raceRounds(), db.queryLong("SELECT COUNT(*) FROM invite_code_use"));
    }

    @Test
    void rotationRaceHasOneSuccessor() throws Exception {
        for (int round = 0; round < raceRounds(); round++) {
            String id = "rot-" + round;
            store.insertRefreshToken(refresh(id, "did:plc:a"));
            List<RotateResult> results = race(raceThreads(), t -> () -> store.rotateRefreshToken(id,
                    T0.plusSeconds(60), refresh(id + "-next-" + t, "did:plc:a")));
            String winner = store.findRefreshToken(id).orElseThrow().nextId().orElseThrow();
            assertEquals(1, results.stream().filter(x -> x instanceof RotateResult.Rotated).count(), results.toString());
            assertTrue(results.stream().allMatch(x -> x instanceof RotateResult.Rotated
                    || x.equals(new RotateResult.NextIdConflict(winner))), results.toString());
            assertEquals(1, store.refreshTokensOf("did:plc:a").stream().filter(x -> x.id().startsWith(id + "-next-"))
                    .count());
        }
        store.insertRefreshToken(refresh("shared", "did:plc:b"));
        List<RotateResult> same = race(raceThreads(), t -> () -> store.rotateRefreshToken("shared",
                T0.plusSeconds(60), refresh("shared-next", "did:plc:b")));
        assertTrue(same.stream().allMatch(x -> x instanceof RotateResult.Rotated), same.toString());
        assertEquals(2, store.refreshTokensOf("did:plc:b").size());
    }

    @Test
    void earnedInviteRaceNeverExceedsTheQuota() throws Exception {
        created("did:plc:earner", "earner.test", null);
        for (int round = 0; round < raceRounds() / 4; round++) {
            int r = round;
            List<Boolean> results = race(raceThreads(), t -> () -> store.inTransaction(tx ->
                    AccountChanges.insertEarnedInviteCodes(tx, "did:plc:earner", r, List.of(new InviteCode(
                            "earn-" + r + "-" + t, 1, false, "did:plc:earner", "did:plc:earner", T0)))));
            assertEquals(1, results.stream().filter(Boolean::booleanValue).count());
            assertEquals(r + 1, store.inviteCodesForAccount("did:plc:earner").size());
        }
    }

    @Test
    void concurrentTokenUsesConsumeOnce() throws Exception {
        created("did:plc:a", "a.test", "a@example.com");
        SecureRandom random = new SecureRandom();
        for (int round = 0; round < raceRounds() / 4; round++) {
            String hash = "race-token-" + round;
            store.upsertEmailToken(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", hash, T0));
            int r = round;
            List<TokenUseResult> results = race(raceThreads(), t -> () -> store.inTransaction(tx ->
                    AccountChanges.useEmailToken(tx, EmailTokenPurpose.RESET_PASSWORD, Optional.empty(), hash, T0,
                            new TokenEffect.SetPassword("hash-" + r + "-" + t), random)));
            assertEquals(1, results.stream().filter(x -> x instanceof TokenUseResult.Used).count(), results.toString());
            assertTrue(results.stream().allMatch(x -> x instanceof TokenUseResult.Used
                    || x instanceof TokenUseResult.Invalid), results.toString());
        }
    }

    @Test
    void concurrentDistinctWritesAllLand() throws Exception {
        List<Integer> counts = race(raceThreads(), t -> () -> {
            int mine = 0;
            for (int i = 0; i < 20; i++) {
                String did = "did:plc:w" + t + "x" + i;
                if (store.insertAccount(account(did, "w" + t + "x" + i + ".test", did.substring(8) + "@e.com"))
                        instanceof AccountWriteResult.Written) {
                    mine++;
                }
                store.insertRefreshToken(refresh("rt-" + did, did));
            }
            return mine;
        });
        assertEquals(raceThreads() * 20, counts.stream().mapToInt(Integer::intValue).sum());
        assertEquals(raceThreads() * 20L, store.countAccounts());
        assertEquals(raceThreads() * 20L, db.queryLong("SELECT COUNT(*) FROM refresh_token"));
    }
}
