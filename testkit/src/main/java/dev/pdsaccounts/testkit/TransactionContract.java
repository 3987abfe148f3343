package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.aRefreshToken;
import static dev.pdsaccounts.testkit.StoreFixtures.aReservedSigningKey;
import static dev.pdsaccounts.testkit.StoreFixtures.aUse;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccount;
import static dev.pdsaccounts.testkit.StoreFixtures.anAppPassword;
import static dev.pdsaccounts.testkit.StoreFixtures.anEarnedInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.anEmailToken;
import static dev.pdsaccounts.testkit.StoreFixtures.anInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomEmail;
import static dev.pdsaccounts.testkit.StoreFixtures.randomHandle;
import static dev.pdsaccounts.testkit.StoreFixtures.randomTokenHash;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Contract of the unit of work, {@link dev.pdsaccounts.store.AccountStore#inTransaction}: commit, rollback of
 * every repository's writes when the work throws, the access refused once the work returned, row locks taken by
 * reads (two transactions reading one row run one after the other; a read blocks another's conflicting write
 * until commit), auto-commit calls that see only committed data, unique keys under concurrency, and no nulls.
 *
 * <p>Every wait is bounded ({@value #WAIT_SECONDS} s); "is blocked" is checked by waiting
 * {@value #BLOCKED_MILLIS} ms for a call that must not finish in that time. A work may be run more than once
 * (the port allows retries on transient conflicts), so the works here tolerate being re-run.
 */
public interface TransactionContract extends StoreFixture {

    /** The bound of every wait for something that must happen. */
    long WAIT_SECONDS = 30;

    /** How long a call that must be blocked is watched. */
    long BLOCKED_MILLIS = 300;

    // ------------------------------------------------------------------------------------ commit, rollback

    /** The work's writes are all visible after commit, and inTransaction returns what the work returned. */
    @Test
    default void commitWritesEverythingAndReturnsTheWorksResult() {
        World w = givenWorld();
        String result = store().inTransaction(tx -> {
            for (Map.Entry<String, Consumer<StoreAccess>> write : w.writes().entrySet()) {
                write.getValue().accept(tx);
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(Optional.of(w.newcomer()), store().findAccountByDid(w.newcomer().did()));
        assertEquals(Optional.empty(), store().findAccountByDid(w.account().did()));
        assertEquals(Optional.of(w.newSession()), store().findRefreshToken(w.newSession().id()));
        assertEquals(Optional.of(w.newKey()), store().findReservedSigningKey(w.newKey().keyDid()));
        assertEquals(List.of(w.newApp()), store().appPasswordsOf(w.account().did()));
    }

    /** Inside the transaction, reads see the transaction's own writes. */
    @Test
    default void readsInsideTheTransactionSeeItsOwnWrites() {
        Account account = anAccount();
        InviteCode code = anInviteCode(2);
        store().inTransaction(tx -> {
            assertEquals(new AccountWriteResult.Written(), tx.insertAccount(account));
            assertEquals(Optional.of(account), tx.findAccountByHandle(account.handle()));
            Account changed = account.withTakedownRef(Optional.of("t"));
            assertEquals(new AccountWriteResult.Written(), tx.updateAccount(changed));
            assertEquals(Optional.of(changed), tx.findAccountByDid(account.did()));
            tx.insertInviteCodes(List.of(code));
            tx.insertInviteCodeUse(aUse(code.code(), account.did(), T0));
            assertEquals(1, tx.findInviteCode(code.code()).orElseThrow().uses().size());
            assertTrue(tx.deleteAccount(account.did()));
            assertEquals(Optional.empty(), tx.findAccountByEmail(account.email().orElseThrow()));
            assertEquals(new AccountWriteResult.Written(), tx.insertAccount(account));
            return null;
        });
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
    }

    /**
     * Every write method, one at a time: when the work throws after it, the exception propagates unchanged and
     * nothing the store shows has changed; the same write committed does change what it shows (so the check
     * can fail).
     */
    @Test
    default void aWorkThatThrowsLeavesNothingBehindWhateverItWrote() {
        for (String name : givenWorld().writes().keySet()) {
            World w = givenWorld();
            Consumer<StoreAccess> write = w.writes().get(name);
            List<Object> before = observe(w);
            RuntimeException boom = new IllegalStateException("boom after " + name);
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> store().inTransaction(tx -> {
                write.accept(tx);
                throw boom;
            }), name);
            assertSame(boom, thrown, name + ": the work's exception must propagate unchanged");
            assertEquals(before, observe(w), name + " was not rolled back");
            store().inTransaction(tx -> {
                write.accept(tx);
                return null;
            });
            assertNotEquals(before, observe(w), name + " committed changed nothing the test can see");
        }
    }

    /** A work that writes to every repository, several times over the same rows, then throws, leaves nothing. */
    @Test
    default void aWorkThatThrowsAfterManyWritesLeavesNothingBehind() {
        World w = givenWorld();
        List<Object> before = observe(w);
        WorkError error = new WorkError();
        assertSame(error, assertThrows(WorkError.class, () -> store().inTransaction(tx -> {
            for (Consumer<StoreAccess> write : w.writes().values()) {
                write.accept(tx);
            }
            tx.insertAccount(w.account());
            tx.updateAccount(w.account().withPasswordHash("again"));
            tx.insertInviteCodes(List.of(w.code()));
            tx.insertRefreshToken(w.session());
            tx.insertAppPassword(w.app());
            tx.upsertEmailToken(w.token());
            throw error;
        })), "an Error thrown by the work propagates unchanged");
        assertEquals(before, observe(w));
    }

    /** The access handed to the work refuses every use once the work returned or threw. */
    @Test
    default void theAccessIsRefusedAfterTheWorkReturned() {
        Account account = givenAccount();
        AtomicReference<StoreAccess> kept = new AtomicReference<>();
        store().inTransaction(tx -> {
            kept.set(tx);
            return tx.findAccountByDid(account.did());
        });
        StoreAccess stale = kept.get();
        Account newcomer = anAccount();
        assertAll(
                () -> assertThrows(IllegalStateException.class, () -> stale.findAccountByDid(account.did())),
                () -> assertThrows(IllegalStateException.class, () -> stale.insertAccount(newcomer)),
                () -> assertThrows(IllegalStateException.class, () -> stale.countAccounts()),
                () -> assertThrows(IllegalStateException.class, () -> stale.deleteAccount(account.did())),
                () -> assertThrows(IllegalStateException.class, () -> stale.insertRefreshToken(
                        aRefreshToken(account.did()))));
        assertEquals(Optional.empty(), store().findAccountByDid(newcomer.did()));
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
        assertEquals(List.of(), store().refreshTokensOf(account.did()));

        assertThrows(IllegalArgumentException.class, () -> store().inTransaction(tx -> {
            kept.set(tx);
            throw new IllegalArgumentException("refused");
        }));
        StoreAccess afterThrow = kept.get();
        assertThrows(IllegalStateException.class, () -> afterThrow.insertAccount(newcomer));
        assertEquals(Optional.empty(), store().findAccountByDid(newcomer.did()));
    }

    /** No method answers null: absent values are empty Optionals and empty lists, outside and inside a work. */
    @Test
    default void noMethodReturnsNull() {
        assertNoNulls(store());
        store().inTransaction(tx -> {
            assertNoNulls(tx);
            return null;
        });
        Account account = givenAccount();
        assertNotNull(store().updateAccount(account));
        assertNotNull(store().insertAccount(account));
        assertNotNull(store().rotateRefreshToken("missing", T0, aRefreshToken(account.did())));
    }

    // ---------------------------------------------------------------------------------------------- locks

    /** For every finder: two transactions that read the same row run one after the other. */
    @Test
    default void twoTransactionsReadingTheSameRowRunOneAfterTheOther() {
        for (String name : World.FINDERS) {
            Map.Entry<String, Function<StoreAccess, Object>> finder = Map.entry(name, givenWorld().finders().get(name));
            inBackground(pool -> {
                CountDownLatch firstRead = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                AtomicBoolean firstDone = new AtomicBoolean();
                Future<Object> first = pool.submit(() -> store().inTransaction(tx -> {
                    assertPresent(finder.getValue().apply(tx), finder.getKey());
                    firstRead.countDown();
                    await(release);
                    firstDone.set(true);
                    return null;
                }));
                await(firstRead);
                Future<Boolean> second = pool.submit(() -> store().inTransaction(tx -> {
                    finder.getValue().apply(tx);
                    return firstDone.get();
                }));
                assertBlocked(second, finder.getKey() + ": a second transaction read a row the first had read");
                release.countDown();
                get(first);
                assertTrue(get(second), finder.getKey() + ": the second transaction read before the first ended");
            });
        }
    }

    /**
     * For every kind of row: a row read in one transaction cannot be written by another (auto-commit) call
     * until the transaction ends; the transaction reads it unchanged, and the write is applied afterwards.
     */
    @Test
    default void aReadInATransactionBlocksAConflictingWriteUntilCommit() {
        for (String name : World.FINDERS) {
            World w = givenWorld();
            Map.Entry<String, Function<StoreAccess, Object>> finder = Map.entry(name, w.finders().get(name));
            Consumer<StoreAccess> conflicting = w.conflictingWrites().get(name);
            Object committedBefore = finder.getValue().apply(store());
            inBackground(pool -> {
                CountDownLatch firstRead = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Future<Object[]> reader = pool.submit(() -> store().inTransaction(tx -> {
                    Object before = finder.getValue().apply(tx);
                    firstRead.countDown();
                    await(release);
                    return new Object[] {before, finder.getValue().apply(tx)};
                }));
                await(firstRead);
                Future<Object> writer = pool.submit(() -> {
                    conflicting.accept(store());
                    return null;
                });
                assertBlocked(writer, finder.getKey() + ": another call wrote a row a transaction had read");
                release.countDown();
                Object[] reads = get(reader);
                assertEquals(reads[0], reads[1], finder.getKey() + ": the row changed under the transaction");
                get(writer);
                assertNotEquals(committedBefore, finder.getValue().apply(store()),
                        finder.getKey() + ": the blocked write was not applied after commit");
            });
        }
    }

    /**
     * While a transaction has written but not ended, auto-commit reads never see its writes (they may wait
     * for it or answer the committed state); after a rollback they never see them at all.
     */
    @Test
    default void autoCommitReadsSeeOnlyCommittedData() {
        for (boolean rollback : new boolean[] {false, true}) {
            Account existing = givenAccount();
            Account fresh = anAccount();
            Account changed = existing.withHandle(randomHandle()).withTakedownRef(Optional.of("pending"));
            inBackground(pool -> {
                CountDownLatch written = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                AtomicBoolean released = new AtomicBoolean();
                Future<Object> work = pool.submit(() -> store().inTransaction(tx -> {
                    tx.insertAccount(fresh);
                    tx.updateAccount(changed);
                    written.countDown();
                    await(release);
                    if (rollback) {
                        throw new IllegalStateException("rolled back on purpose");
                    }
                    return null;
                }));
                await(written);
                Future<Object[]> reader = pool.submit(() -> new Object[] {
                    store().findAccountByDid(fresh.did()), store().findAccountByDid(existing.did()),
                    store().countAccounts(), released.get()});
                try {
                    reader.get(BLOCKED_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // The read waits for the transaction: allowed.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                } catch (ExecutionException e) {
                    throw new AssertionError("an auto-commit read failed: " + e.getCause(), e.getCause());
                }
                released.set(true);
                release.countDown();
                Object[] seen = get(reader);
                if (!(Boolean) seen[3] || rollback) {
                    assertEquals(Optional.empty(), seen[0], "an auto-commit read saw an uncommitted insert");
                    assertEquals(Optional.of(existing), seen[1], "an auto-commit read saw an uncommitted update");
                }
                if (rollback) {
                    ExecutionException failure = assertThrows(ExecutionException.class,
                            () -> work.get(WAIT_SECONDS, TimeUnit.SECONDS));
                    assertTrue(failure.getCause() instanceof IllegalStateException, failure.toString());
                    assertEquals(Optional.empty(), store().findAccountByDid(fresh.did()));
                    assertEquals(Optional.of(existing), store().findAccountByDid(existing.did()));
                } else {
                    get(work);
                    assertEquals(Optional.of(fresh), store().findAccountByDid(fresh.did()));
                    assertEquals(Optional.of(changed), store().findAccountByDid(existing.did()));
                }
            });
        }
    }

    /** Concurrent read-modify-write transactions on one account row lose no update. */
    @Test
    default void readModifyWriteTransactionsLoseNoUpdate() {
        Account account = givenAccount(anAccount().withTakedownRef(Optional.of("0")));
        int threads = 8;
        int perThread = Math.max(5, contractRaceRounds() / 8);
        try (Race race = new Race(threads)) {
            race.run(i -> () -> {
                for (int n = 0; n < perThread; n++) {
                    store().inTransaction(tx -> {
                        Account current = i % 2 == 0
                                ? tx.findAccountByDid(account.did()).orElseThrow()
                                : tx.findAccountByHandle(account.handle()).orElseThrow();
                        int value = Integer.parseInt(current.takedownRef().orElseThrow());
                        return tx.updateAccount(current.withTakedownRef(Optional.of(Integer.toString(value + 1))));
                    });
                }
                return null;
            });
        }
        assertEquals(Optional.of(Integer.toString(threads * perThread)), reload(account.did()).takedownRef());
    }

    /**
     * Transactions that read an invite code, and record a use only while its uses are below its count, record
     * exactly that many uses however many race: the read locks the code against the others.
     */
    @Test
    default void aLockedInviteCodeReadCountsUsesExactly() {
        int threads = 10;
        int rounds = Math.max(1, contractRaceRounds() / 2);
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                InviteCode code = givenInviteCode(3);
                List<Boolean> used = race.run(i -> () -> store().inTransaction(tx -> {
                    int uses = tx.findInviteCode(code.code()).orElseThrow().uses().size();
                    if (uses >= code.availableUses()) {
                        return false;
                    }
                    tx.insertInviteCodeUse(aUse(code.code(), "did:plc:racer" + i, at(i)));
                    return true;
                }));
                assertEquals(3, used.stream().filter(b -> b).count(), "round " + round + ": " + used);
                assertEquals(3, store().findInviteCode(code.code()).orElseThrow().uses().size(), "round " + round);
            }
        }
    }

    /**
     * For every finder: transactions that read a row and delete it if they found it consume it exactly once,
     * however many race for it.
     */
    @Test
    default void aRowReadAndDeletedInTransactionsIsConsumedOnce() {
        int threads = 8;
        int rounds = Math.max(1, contractRaceRounds() / 8);
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                for (String name : World.FINDERS) {
                    World w = givenWorld();
                    Map.Entry<String, Function<StoreAccess, Object>> finder = Map.entry(name, w.finders().get(name));
                    Consumer<StoreAccess> delete = w.deletes().get(name);
                    List<Boolean> consumed = race.run(i -> () -> store().inTransaction(tx -> {
                        if (((Optional<?>) finder.getValue().apply(tx)).isEmpty()) {
                            return false;
                        }
                        delete.accept(tx);
                        return true;
                    }));
                    assertEquals(1, consumed.stream().filter(b -> b).count(),
                            finder.getKey() + " round " + round + ": " + consumed);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------- unique keys, racing

    /**
     * Racing inserts of one DID, one handle or one email (in transactions that stay open a little after the
     * insert, and in auto-commit calls): exactly one is Written, every other reports that key as taken.
     */
    @Test
    default void uniqueAccountKeysHoldUnderConcurrency() {
        int threads = 8;
        int rounds = Math.max(1, contractRaceRounds() / 4);
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                String did = randomDid();
                String handle = randomHandle();
                String email = randomEmail();
                assertOneWinner(race, "DID round " + round, new AccountWriteResult.DidTaken(),
                        i -> anAccount(did, randomHandle(), randomEmail()));
                assertOneWinner(race, "handle round " + round, new AccountWriteResult.HandleTaken(),
                        i -> anAccount(randomDid(), handle, randomEmail()));
                assertOneWinner(race, "email round " + round, new AccountWriteResult.EmailTaken(),
                        i -> anAccount(randomDid(), randomHandle(), email));
                List<Account> movers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    movers.add(givenAccount());
                }
                String target = randomHandle();
                List<AccountWriteResult> moved = race.run(i -> () -> inTransactionOrNot(i,
                        s -> s.updateAccount(movers.get(i).withHandle(target))));
                assertEquals(1, moved.stream().filter(AccountWriteResult.Written.class::isInstance).count(),
                        "update to one handle, round " + round + ": " + moved);
                assertTrue(moved.stream().allMatch(r -> r instanceof AccountWriteResult.Written
                        || r instanceof AccountWriteResult.HandleTaken), moved::toString);
            }
        }
    }

    /**
     * Racing inserts of one invite code, one app-password name of an account, and one email-token hash for
     * one purpose by different accounts: exactly one succeeds; the others fail as the port says (a
     * {@link StoreException}, {@code false}, a {@link StoreException}) and leave nothing.
     */
    @Test
    default void otherUniqueKeysHoldUnderConcurrency() {
        int threads = 8;
        int rounds = Math.max(1, contractRaceRounds() / 4);
        Account owner = givenAccount();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            accounts.add(givenAccount());
        }
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                String code = StoreFixtures.randomInviteCode();
                List<Boolean> codes = race.run(i -> () -> succeeds(() -> inTransactionOrNot(i, s -> {
                    s.insertInviteCodes(List.of(anInviteCode(code, 1 + i, InviteCode.ADMIN, T0)));
                    return true;
                })));
                assertEquals(1, codes.stream().filter(b -> b).count(), "invite code round " + round + ": " + codes);
                assertEquals(1 + codes.indexOf(true),
                        store().findInviteCode(code).orElseThrow().code().availableUses(), "the winner's row");

                String name = "app-" + round;
                List<Boolean> apps = race.run(i -> () -> inTransactionOrNot(i,
                        s -> s.insertAppPassword(anAppPassword(owner.did(), name, at(i)))));
                assertEquals(1, apps.stream().filter(b -> b).count(), "app password round " + round + ": " + apps);
                assertEquals(List.of(at(apps.indexOf(true))), store().appPasswordsOf(owner.did()).stream()
                        .filter(p -> p.name().equals(name)).map(AppPassword::createdAt).toList());

                String hash = randomTokenHash();
                List<Boolean> tokens = race.run(i -> () -> succeeds(() -> inTransactionOrNot(i, s -> {
                    s.upsertEmailToken(anEmailToken(EmailTokenPurpose.RESET_PASSWORD, accounts.get(i).did(), hash,
                            T0));
                    return true;
                })));
                assertEquals(1, tokens.stream().filter(b -> b).count(), "token hash round " + round + ": " + tokens);
                assertEquals(accounts.get(tokens.indexOf(true)).did(), store()
                        .findEmailTokenByHash(EmailTokenPurpose.RESET_PASSWORD, hash).orElseThrow().did());
                for (Account account : accounts) {
                    store().deleteEmailTokens(account.did(), EnumSet.allOf(EmailTokenPurpose.class));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** A thrown {@link Error} the work uses to check that errors roll back too. */
    final class WorkError extends Error {
        private static final long serialVersionUID = 1L;

        /** The error. */
        WorkError() {
            super("the work failed with an Error");
        }
    }

    /**
     * A small world of rows of every repository, with (by name) one write of every write method, a finder per
     * kind of lockable row, a write conflicting with that row, and a delete of it.
     */
    record World(Account account, Account newcomer, InviteCode code, InviteCode newCode, InviteCodeUse use,
                 RefreshToken session, RefreshToken newSession, RefreshToken successor, AppPassword app,
                 AppPassword newApp, EmailToken token, EmailToken newToken, ReservedSigningKey key,
                 ReservedSigningKey newKey) {

        /** The names of {@link #finders()}, in order. */
        static final List<String> FINDERS = List.of("findAccountByDid", "findAccountByHandle", "findAccountByEmail",
                "findInviteCode", "findRefreshToken", "findEmailToken", "findEmailTokenByHash",
                "findReservedSigningKey", "findReservedSigningKeyForDid");

        /** One call of every write method of the port, by name. */
        Map<String, Consumer<StoreAccess>> writes() {
            Map<String, Consumer<StoreAccess>> w = new LinkedHashMap<>();
            w.put("insertAccount", s -> s.insertAccount(newcomer));
            w.put("updateAccount", s -> s.updateAccount(new Account(account.did(), newcomer.handle() + "x",
                    Optional.of("x" + newcomer.email().orElseThrow()), Optional.of("h2"), Optional.of(at(1)),
                    at(2), Optional.of("td"), Optional.of(at(3)), Optional.of(at(4)), true, Optional.empty())));
            w.put("insertInviteCodes", s -> s.insertInviteCodes(List.of(newCode)));
            w.put("insertInviteCodeUse", s -> s.insertInviteCodeUse(aUse(code.code(), newcomer.did(), at(9))));
            w.put("deleteInviteCodes by user", s -> s.deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY,
                    use.usedBy())));
            w.put("disableInviteCodes", s -> s.disableInviteCodes(List.of(code.code()), List.of()));
            w.put("deleteInviteCodes by code", s -> s.deleteInviteCodes(new Lookup<>(InviteCodeField.CODE,
                    code.code())));
            w.put("deleteInviteCodes by issuer", s -> s.deleteInviteCodes(new Lookup<>(InviteCodeField.ISSUED_TO,
                    code.forAccount())));
            // Before the insert below: the new row expires when the session does, and must survive.
            w.put("deleteRefreshTokens expired", s -> s.deleteRefreshTokens(session.did(), List.of(),
                    Optional.of(session.expiresAt())));
            w.put("insertRefreshToken", s -> s.insertRefreshToken(newSession));
            w.put("rotateRefreshToken", s -> s.rotateRefreshToken(session.id(), at(60), successor));
            w.put("deleteRefreshTokens by id", s -> s.deleteRefreshTokens(session.did(), List.of(session.id()),
                    Optional.empty()));
            w.put("insertAppPassword", s -> s.insertAppPassword(newApp));
            w.put("deleteAppPassword", s -> s.deleteAppPassword(app.did(), app.name()));
            w.put("upsertEmailToken", s -> s.upsertEmailToken(newToken));
            w.put("deleteEmailTokens", s -> s.deleteEmailTokens(account.did(), List.of(token.purpose())));
            w.put("insertReservedSigningKey", s -> s.insertReservedSigningKey(newKey));
            w.put("deleteReservedSigningKeys by key", s -> s.deleteReservedSigningKeys(List.of(key.keyDid()),
                    Optional.empty()));
            w.put("deleteReservedSigningKeys expired", s -> s.deleteReservedSigningKeys(List.of(),
                    Optional.of(key.createdAt().plusMillis(1))));
            w.put("deleteAccount", s -> s.deleteAccount(account.did()));
            return w;
        }

        /** One finder per kind of lockable row, each finding a row of this world. */
        Map<String, Function<StoreAccess, Object>> finders() {
            Map<String, Function<StoreAccess, Object>> f = new LinkedHashMap<>();
            f.put("findAccountByDid", s -> s.findAccountByDid(account.did()));
            f.put("findAccountByHandle", s -> s.findAccountByHandle(account.handle()));
            f.put("findAccountByEmail", s -> s.findAccountByEmail(account.email().orElseThrow()));
            f.put("findInviteCode", s -> s.findInviteCode(code.code()));
            f.put("findRefreshToken", s -> s.findRefreshToken(session.id()));
            f.put("findEmailToken", s -> s.findEmailToken(token.purpose(), token.did()));
            f.put("findEmailTokenByHash", s -> s.findEmailTokenByHash(token.purpose(), token.tokenHash()));
            f.put("findReservedSigningKey", s -> s.findReservedSigningKey(key.keyDid()));
            f.put("findReservedSigningKeyForDid", s -> s.findReservedSigningKeyForDid(key.did().orElseThrow()));
            return f;
        }

        /** For each finder, a write of the row it finds (changing what the finder answers). */
        Map<String, Consumer<StoreAccess>> conflictingWrites() {
            Map<String, Consumer<StoreAccess>> c = new LinkedHashMap<>();
            Consumer<StoreAccess> account = s -> s.updateAccount(this.account.withPasswordHash("changed"));
            c.put("findAccountByDid", account);
            c.put("findAccountByHandle", account);
            c.put("findAccountByEmail", account);
            c.put("findInviteCode", s -> s.disableInviteCodes(List.of(code.code()), List.of()));
            c.put("findRefreshToken", s -> s.rotateRefreshToken(session.id(), at(60), successor));
            Consumer<StoreAccess> token = s -> s.upsertEmailToken(new EmailToken(this.token.purpose(),
                    this.token.did(), this.token.tokenHash(), at(77)));
            c.put("findEmailToken", token);
            c.put("findEmailTokenByHash", token);
            Consumer<StoreAccess> key = s -> s.deleteReservedSigningKeys(List.of(this.key.keyDid()), Optional.empty());
            c.put("findReservedSigningKey", key);
            c.put("findReservedSigningKeyForDid", key);
            return c;
        }

        /** For each finder, the delete of the row it finds. */
        Map<String, Consumer<StoreAccess>> deletes() {
            Map<String, Consumer<StoreAccess>> d = new LinkedHashMap<>();
            Consumer<StoreAccess> account = s -> s.deleteAccount(this.account.did());
            d.put("findAccountByDid", account);
            d.put("findAccountByHandle", account);
            d.put("findAccountByEmail", account);
            d.put("findInviteCode", s -> s.deleteInviteCodes(new Lookup<>(InviteCodeField.CODE, code.code())));
            d.put("findRefreshToken", s -> s.deleteRefreshTokens(session.did(), List.of(session.id()),
                    Optional.empty()));
            Consumer<StoreAccess> token = s -> s.deleteEmailTokens(this.token.did(), List.of(this.token.purpose()));
            d.put("findEmailToken", token);
            d.put("findEmailTokenByHash", token);
            Consumer<StoreAccess> key = s -> s.deleteReservedSigningKeys(List.of(this.key.keyDid()), Optional.empty());
            d.put("findReservedSigningKey", key);
            d.put("findReservedSigningKeyForDid", key);
            return d;
        }
    }

    /**
     * Inserts a world (its account, code with a use, session, app password, token and reservation).
     *
     * @return the world: the inserted rows and the not-yet-inserted ones its writes use
     */
    default World givenWorld() {
        Account account = givenAccount();
        InviteCode code = givenInviteCode(anEarnedInviteCode(account.did(), at(1)));
        InviteCodeUse use = givenUse(code.code(), randomDid(), at(2));
        RefreshToken session = givenRefreshToken(account.did());
        AppPassword app = givenAppPassword(anAppPassword(account.did(), "phone", at(3)));
        EmailToken token = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did());
        ReservedSigningKey key = givenReservedKey(Optional.of(account.did()), at(4));
        return new World(account, anAccount(), code, anInviteCode(1), use, session, aRefreshToken(account.did()),
                aRefreshToken(account.did()), app, anAppPassword(account.did(), "laptop", at(5)), token,
                anEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did(), randomTokenHash(), at(6)), key,
                aReservedSigningKey(Optional.of(account.did()), at(7)));
    }

    /**
     * Everything the store shows about a world's rows (and its totals), through the auto-commit calls.
     *
     * @param w the world
     * @return what every read returned, in a fixed order, to compare with {@code equals}
     */
    default List<Object> observe(World w) {
        List<Object> seen = new ArrayList<>();
        for (Account a : List.of(w.account(), w.newcomer())) {
            seen.add(store().findAccountByDid(a.did()));
            seen.add(store().findAccountByHandle(a.handle()));
            seen.add(store().findAccountByEmail(a.email().orElseThrow()));
            seen.add(store().inviteCodesForAccount(a.did()));
            seen.add(store().inviteCodeUsesBy(a.did()));
            seen.add(sortedById(store().refreshTokensOf(a.did())));
            seen.add(store().appPasswordsOf(a.did()));
            seen.add(store().findReservedSigningKeyForDid(a.did()));
            for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                seen.add(store().findEmailToken(purpose, a.did()));
            }
        }
        seen.add(store().countAccounts());
        seen.add(store().listAccounts(Optional.of(""), Optional.empty(), 10_000));
        seen.add(store().listInviteCodes(InviteSort.RECENT, 10_000, Optional.empty()));
        seen.add(store().inviteCodeUsesBy(w.use().usedBy()));
        for (RefreshToken t : List.of(w.session(), w.newSession(), w.successor())) {
            seen.add(store().findRefreshToken(t.id()));
        }
        for (EmailToken t : List.of(w.token(), w.newToken())) {
            seen.add(store().findEmailTokenByHash(t.purpose(), t.tokenHash()));
        }
        for (ReservedSigningKey k : List.of(w.key(), w.newKey())) {
            seen.add(store().findReservedSigningKey(k.keyDid()));
        }
        return seen;
    }

    private static List<RefreshToken> sortedById(List<RefreshToken> tokens) {
        return tokens.stream().sorted(Comparator.comparing(RefreshToken::id)).toList();
    }

    private void assertOneWinner(Race race, String what, AccountWriteResult clash, Function<Integer, Account> row) {
        List<Account> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row.apply(i));
        }
        List<AccountWriteResult> results = race.run(i -> () -> inTransactionOrNot(i,
                s -> s.insertAccount(rows.get(i))));
        assertEquals(1, results.stream().filter(AccountWriteResult.Written.class::isInstance).count(),
                what + ": " + results);
        assertTrue(results.stream().allMatch(r -> r instanceof AccountWriteResult.Written || r.equals(clash)),
                what + ": " + results);
        Account winner = rows.get(results.indexOf(new AccountWriteResult.Written()));
        assertEquals(Optional.of(winner), store().findAccountByDid(winner.did()), what);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) != winner && !rows.get(i).did().equals(winner.did())) {
                assertEquals(Optional.empty(), store().findAccountByDid(rows.get(i).did()), what);
            }
        }
    }

    /**
     * Even-numbered racers call the store itself; odd ones call it inside a transaction that stays open a
     * little (up to 1 ms) after the call, so that racers meet uncommitted rows.
     */
    private <T> T inTransactionOrNot(int racer, Function<StoreAccess, T> call) {
        if (racer % 2 == 0) {
            return call.apply(store());
        }
        return store().inTransaction(tx -> {
            T result = call.apply(tx);
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000));
            return result;
        });
    }

    private static boolean succeeds(Callable<Boolean> call) throws Exception {
        try {
            return call.call();
        } catch (StoreException e) {
            return false;
        }
    }

    private static void assertNoNulls(StoreAccess s) {
        String did = randomDid();
        assertAll(
                () -> assertEquals(Optional.empty(), s.findAccountByDid(did)),
                () -> assertEquals(Optional.empty(), s.findAccountByHandle(randomHandle())),
                () -> assertEquals(Optional.empty(), s.findAccountByEmail(randomEmail())),
                () -> assertEquals(List.of(), s.listAccounts(Optional.of(""), Optional.empty(), 10)),
                () -> assertEquals(List.of(), s.listAccounts(Optional.of("a"), Optional.of(did), 10)),
                () -> assertEquals(Optional.empty(), s.findInviteCode("nope")),
                () -> assertEquals(List.of(), s.inviteCodesForAccount(did)),
                () -> assertEquals(List.of(), s.inviteCodeUsesBy(did)),
                () -> assertEquals(List.of(), s.listInviteCodes(InviteSort.USAGE, 10, Optional.empty()).codes()),
                () -> assertEquals(Optional.empty(),
                        s.listInviteCodes(InviteSort.RECENT, 10, Optional.empty()).next()),
                () -> assertEquals(Optional.empty(), s.findRefreshToken("nope")),
                () -> assertEquals(List.of(), s.refreshTokensOf(did)),
                () -> assertEquals(List.of(), s.appPasswordsOf(did)),
                () -> assertEquals(Optional.empty(), s.findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, did)),
                () -> assertEquals(Optional.empty(), s.findEmailTokenByHash(EmailTokenPurpose.CONFIRM_EMAIL, "x")),
                () -> assertEquals(Optional.empty(), s.findReservedSigningKey("did:key:nope")),
                () -> assertEquals(Optional.empty(), s.findReservedSigningKeyForDid(did)),
                () -> assertEquals(new RotateResult.NotFound(),
                        s.rotateRefreshToken("nope", T0, aRefreshToken(did))));
    }

    private static void assertPresent(Object found, String what) {
        if (found instanceof Optional<?> optional && optional.isEmpty()) {
            fail(what + " found nothing in its own world");
        }
    }

    /** Runs {@code body} with a pool of daemon threads that is shut down afterwards. */
    private static void inBackground(Consumer<ExecutorService> body) {
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "store-contract-tx");
            thread.setDaemon(true);
            return thread;
        });
        try {
            body.accept(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("waited " + WAIT_SECONDS + " s for another thread: is the store deadlocked?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a concurrent store call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a concurrent store call did not finish within " + WAIT_SECONDS + " s", e);
        }
    }

    private static void assertBlocked(Future<?> future, String message) {
        try {
            future.get(BLOCKED_MILLIS, TimeUnit.MILLISECONDS);
            fail(message);
        } catch (TimeoutException expected) {
            // Blocked, as it must be.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(message + " (and failed: " + e.getCause() + ")", e.getCause());
        }
    }
}
