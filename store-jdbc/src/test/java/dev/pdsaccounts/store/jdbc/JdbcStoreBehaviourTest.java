package dev.pdsaccounts.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountResult;
import dev.pdsaccounts.account.NewAccount;
import dev.pdsaccounts.account.UpdateResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.invite.EarnInviteCodesResult;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateAppPasswordResult;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.token.TokenEffect;
import dev.pdsaccounts.token.TokenUseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL behaviour of the JDBC store on one backend: every port operation once, the result values the
 * dialect must map (duplicate keys, lost races), the deletion cascade, keyset pagination, and multi-threaded
 * races on the atomic operations. Subclasses supply a fresh database per test.
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

    /** An account insert without invite or session. */
    protected static NewAccount plain(Account a) {
        return new NewAccount(a, Optional.empty(), Optional.empty());
    }

    /** An admin code. */
    protected static InviteCode adminCode(String code, int uses) {
        return new InviteCode(code, uses, false, InviteCode.ADMIN, InviteCode.ADMIN, T0);
    }

    /** A refresh-token row expiring a day after {@code T0}. */
    protected static RefreshToken refresh(String id, String did) {
        return new RefreshToken(id, did, T0.plusSeconds(86_400), Optional.empty(), Optional.empty());
    }

    /** Creates a plain account and asserts it was created. */
    protected Account created(String did, String handle, String email) {
        Account a = account(did, handle, email);
        assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(plain(a)));
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
            assertInstanceOf(CreateAccountResult.Created.class,
                    onOne.createAccount(plain(account("did:plc:a2", "a2.test", "a2@example.com"))));
            assertTrue(c.getAutoCommit(), "auto-commit restored after a read and a write");

            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM account WHERE did = 'did:plc:a1'"); // the host's uncommitted work
            }
            assertTrue(onOne.findAccountByDid("did:plc:a2").isPresent());
            assertInstanceOf(CreateAccountResult.Created.class,
                    onOne.createAccount(plain(account("did:plc:a3", "a3.test", "a3@example.com"))));
            assertFalse(c.getAutoCommit(), "manual commit restored");
            c.rollback();
        }
        assertTrue(store.findAccountByDid("did:plc:a1").isPresent(), "the host's open transaction was not committed");
        assertTrue(store.findAccountByDid("did:plc:a3").isPresent(), "the store's own write was committed");
    }

    // ---- accounts ----

    @Test
    void accountRoundTripsEveryColumn() {
        Account a = new Account("did:plc:full", "full.test", Optional.of("full@example.com"), Optional.of("h"),
                Optional.of(T0.plusMillis(5)), T0, Optional.of("ref-1"), Optional.of(T0.plusMillis(7)),
                Optional.of(T0.plusMillis(9)), true, Optional.of("secret-key"));
        assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(plain(a)));
        assertEquals(Optional.of(a), store.findAccountByDid("did:plc:full"));
        assertEquals(Optional.of(a), store.findAccountByHandle("full.test"));
        assertEquals(Optional.of(a), store.findAccountByEmail("full@example.com"));
        Account bare = Account.newAccount("did:plc:bare", "bare.test", Optional.empty(), Optional.empty(), T0,
                Optional.empty());
        assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(plain(bare)));
        assertEquals(Optional.of(bare), store.findAccountByDid("did:plc:bare"));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:FULL"));
        assertEquals(2, store.countAccounts());
    }

    @Test
    void createAccountChecksDidThenHandleThenEmail() {
        created("did:plc:a", "a.test", "a@example.com");
        created("did:plc:noemail1", "n1.test", null);
        created("did:plc:noemail2", "n2.test", null);
        assertInstanceOf(CreateAccountResult.DidTaken.class,
                store.createAccount(plain(account("did:plc:a", "a.test", "a@example.com"))));
        assertInstanceOf(CreateAccountResult.HandleTaken.class,
                store.createAccount(plain(account("did:plc:b", "a.test", "a@example.com"))));
        assertInstanceOf(CreateAccountResult.EmailTaken.class,
                store.createAccount(plain(account("did:plc:b", "b.test", "a@example.com"))));
        assertEquals(3, store.countAccounts());
    }

    @Test
    void failedCreateWritesNothing() {
        store.insertInviteCodes(List.of(adminCode("code-1", 1)));
        created("did:plc:a", "a.test", "a@example.com");
        NewAccount clash = new NewAccount(account("did:plc:b", "b.test", "a@example.com"), Optional.of("code-1"),
                Optional.of(refresh("rt-b", "did:plc:b")));
        assertInstanceOf(CreateAccountResult.EmailTaken.class, store.createAccount(clash));
        assertEquals(Optional.empty(), store.findRefreshToken("rt-b"));
        assertTrue(store.isInviteCodeAvailable("code-1"));
        assertEquals(0, store.findInviteCode("code-1").orElseThrow().uses().size());
        assertEquals(0, db.queryLong("SELECT use_count FROM invite_code WHERE code = 'code-1'"));
    }

    @Test
    void inviteIsConsumedWithTheAccountAndItsSession() {
        store.insertInviteCodes(List.of(adminCode("code-1", 1)));
        NewAccount na = new NewAccount(account("did:plc:a", "a.test", "a@example.com"), Optional.of("code-1"),
                Optional.of(refresh("rt-a", "did:plc:a")));
        assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(na));
        assertEquals("did:plc:a", store.inviteCodeUseOf("did:plc:a").orElseThrow().usedBy());
        assertEquals(T0, store.inviteCodeUseOf("did:plc:a").orElseThrow().usedAt());
        assertTrue(store.findRefreshToken("rt-a").isPresent());
        assertFalse(store.isInviteCodeAvailable("code-1"));
        NewAccount second = new NewAccount(account("did:plc:b", "b.test", "b@example.com"), Optional.of("code-1"),
                Optional.of(refresh("rt-b", "did:plc:b")));
        assertInstanceOf(CreateAccountResult.InviteUnavailable.class, store.createAccount(second));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:b"));
        assertEquals(Optional.empty(), store.findRefreshToken("rt-b"));
        assertInstanceOf(CreateAccountResult.InviteUnavailable.class, store.createAccount(new NewAccount(
                account("did:plc:c", "c.test", null), Optional.of("no-such-code"), Optional.empty())));
    }

    @Test
    void inviteAvailabilityRule() {
        created("did:plc:issuer", "issuer.test", null);
        store.insertInviteCodes(List.of(adminCode("admin-code", 2),
                new InviteCode("disabled-code", 1, true, InviteCode.ADMIN, InviteCode.ADMIN, T0),
                new InviteCode("issuer-code", 1, false, "did:plc:issuer", "did:plc:issuer", T0),
                new InviteCode("ghost-code", 1, false, "did:plc:ghost", "did:plc:ghost", T0)));
        assertTrue(store.isInviteCodeAvailable("admin-code"));
        assertFalse(store.isInviteCodeAvailable("disabled-code"));
        assertTrue(store.isInviteCodeAvailable("issuer-code"));
        assertTrue(store.isInviteCodeAvailable("ghost-code"));
        assertFalse(store.isInviteCodeAvailable("missing"));
        assertTrue(store.updateTakedown("did:plc:issuer", Optional.of("takedown-1")));
        assertFalse(store.isInviteCodeAvailable("issuer-code"));
        assertInstanceOf(CreateAccountResult.InviteUnavailable.class, store.createAccount(new NewAccount(
                account("did:plc:x", "x.test", null), Optional.of("issuer-code"), Optional.empty())));
        assertInstanceOf(CreateAccountResult.InviteUnavailable.class, store.createAccount(new NewAccount(
                account("did:plc:x", "x.test", null), Optional.of("disabled-code"), Optional.empty())));
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(new NewAccount(
                    account("did:plc:u" + i, "u" + i + ".test", null), Optional.of("admin-code"), Optional.empty())));
        }
        assertFalse(store.isInviteCodeAvailable("admin-code"));
        assertEquals(2, store.findInviteCode("admin-code").orElseThrow().uses().size());
    }

    @Test
    void handleAndEmailUpdates() {
        created("did:plc:a", "a.test", "a@example.com");
        created("did:plc:b", "b.test", "b@example.com");
        assertInstanceOf(UpdateResult.Updated.class, store.updateHandle("did:plc:a", "a.test"));
        assertInstanceOf(UpdateResult.HandleTaken.class, store.updateHandle("did:plc:a", "b.test"));
        assertInstanceOf(UpdateResult.NotFound.class, store.updateHandle("did:plc:none", "n.test"));
        assertInstanceOf(UpdateResult.Updated.class, store.updateHandle("did:plc:a", "a2.test"));
        assertEquals("did:plc:a", store.findAccountByHandle("a2.test").orElseThrow().did());
        assertEquals(Optional.empty(), store.findAccountByHandle("a.test"));

        assertTrue(store.updateEmailConfirmedAt("did:plc:a", T0));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.CONFIRM_EMAIL, "did:plc:a", "th-1", T0));
        assertInstanceOf(UpdateResult.EmailTaken.class, store.updateEmail("did:plc:a", "b@example.com"));
        assertTrue(store.findAccountByDid("did:plc:a").orElseThrow().emailConfirmed());
        assertInstanceOf(UpdateResult.NotFound.class, store.updateEmail("did:plc:none", "n@example.com"));
        assertInstanceOf(UpdateResult.Updated.class, store.updateEmail("did:plc:a", "a2@example.com"));
        Account a = store.findAccountByDid("did:plc:a").orElseThrow();
        assertEquals(Optional.of("a2@example.com"), a.email());
        assertFalse(a.emailConfirmed());
        assertEquals(Optional.empty(), store.findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, "did:plc:a"));
    }

    @Test
    void passwordStatusAndFlagUpdates() {
        created("did:plc:a", "a.test", "a@example.com");
        store.insertRefreshToken(refresh("rt-1", "did:plc:a"));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", "th-r", T0));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.DELETE_ACCOUNT, "did:plc:a", "th-d", T0));
        assertFalse(store.upgradePasswordHash("did:plc:a", "wrong", "new"));
        assertTrue(store.upgradePasswordHash("did:plc:a", "hash-did:plc:a", "upgraded"));
        assertEquals(1, store.refreshTokensOf("did:plc:a").size());
        assertTrue(store.updatePassword("did:plc:a", "changed"));
        assertFalse(store.updatePassword("did:plc:none", "changed"));
        assertEquals(Optional.of("changed"), store.findAccountByDid("did:plc:a").orElseThrow().passwordHash());
        assertEquals(List.of(), store.refreshTokensOf("did:plc:a"));
        assertEquals(Optional.empty(), store.findEmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a"));
        assertTrue(store.findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, "did:plc:a").isPresent());

        store.insertRefreshToken(refresh("rt-2", "did:plc:a"));
        assertTrue(store.updateTakedown("did:plc:a", Optional.of("ref")));
        assertEquals(List.of(), store.refreshTokensOf("did:plc:a"));
        assertEquals(Optional.of("ref"), store.findAccountByDid("did:plc:a").orElseThrow().takedownRef());
        assertTrue(store.updateTakedown("did:plc:a", Optional.empty()));
        assertFalse(store.updateTakedown("did:plc:none", Optional.empty()));

        assertTrue(store.updateDeactivation("did:plc:a", Optional.of(T0), Optional.of(T0.plusSeconds(60))));
        assertEquals(Optional.of(T0.plusSeconds(60)), store.findAccountByDid("did:plc:a").orElseThrow().deleteAfter());
        assertTrue(store.updateDeactivation("did:plc:a", Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:a").orElseThrow().deactivatedAt());
        assertTrue(store.updateInvitesDisabled("did:plc:a", true));
        assertTrue(store.findAccountByDid("did:plc:a").orElseThrow().invitesDisabled());
        assertTrue(store.updateSigningKey("did:plc:a", "other-key"));
        assertEquals(Optional.of("other-key"), store.findAccountByDid("did:plc:a").orElseThrow().signingKey());
        assertFalse(store.updateSigningKey("did:plc:none", "k"));
        assertFalse(store.updateInvitesDisabled("did:plc:none", true));
        assertFalse(store.updateEmailConfirmedAt("did:plc:none", T0));
        assertFalse(store.updateDeactivation("did:plc:none", Optional.empty(), Optional.empty()));
    }

    @Test
    void deleteAccountCascadesAndAnonymisesItsSignUpUse() {
        store.insertInviteCodes(List.of(adminCode("signup-code", 2)));
        assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(new NewAccount(
                account("did:plc:a", "a.test", "a@example.com"), Optional.of("signup-code"),
                Optional.of(refresh("rt-a", "did:plc:a")))));
        store.insertAppPassword(new AppPassword("did:plc:a", "app", "h", T0, false));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.DELETE_ACCOUNT, "did:plc:a", "th", T0));
        assertInstanceOf(EarnInviteCodesResult.Created.class, store.insertEarnedInviteCodes("did:plc:a", 0,
                List.of(new InviteCode("earned-1", 1, false, "did:plc:a", "did:plc:a", T0))));
        assertInstanceOf(CreateAccountResult.Created.class, store.createAccount(new NewAccount(
                account("did:plc:b", "b.test", null), Optional.of("earned-1"), Optional.empty())));

        assertTrue(store.deleteAccount("did:plc:a"));
        assertFalse(store.deleteAccount("did:plc:a"));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:a"));
        assertEquals(List.of(), store.refreshTokensOf("did:plc:a"));
        assertEquals(List.of(), store.appPasswordsOf("did:plc:a"));
        assertEquals(Optional.empty(), store.findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, "did:plc:a"));
        assertEquals(Optional.empty(), store.findInviteCode("earned-1"));
        assertEquals(Optional.empty(), store.inviteCodeUseOf("did:plc:b"));
        assertEquals(Optional.empty(), store.inviteCodeUseOf("did:plc:a"));
        InviteCodeDetails signup = store.findInviteCode("signup-code").orElseThrow();
        assertEquals(1, signup.uses().size());
        assertTrue(signup.uses().get(0).usedBy().startsWith("did:deleted:"));
        assertEquals(1, db.queryLong("SELECT use_count FROM invite_code WHERE code = 'signup-code'"));
        // handle and email are free again
        created("did:plc:a2", "a.test", "a@example.com");
    }

    @Test
    void earnedInviteCodesRespectTheExpectedCount() {
        created("did:plc:a", "a.test", null);
        store.insertInviteCodes(List.of(new InviteCode("admin-for-a", 1, false, "did:plc:a", InviteCode.ADMIN, T0)));
        InviteCode e1 = new InviteCode("e1", 1, false, "did:plc:a", "did:plc:a", T0);
        InviteCode e2 = new InviteCode("e2", 1, true, "did:plc:a", "did:plc:a", T0.plusMillis(1));
        assertInstanceOf(EarnInviteCodesResult.ConcurrentCreate.class, store.insertEarnedInviteCodes("did:plc:a", 1,
                List.of(e1)));
        assertInstanceOf(EarnInviteCodesResult.Created.class, store.insertEarnedInviteCodes("did:plc:a", 0,
                List.of(e1, e2)));
        assertInstanceOf(EarnInviteCodesResult.ConcurrentCreate.class, store.insertEarnedInviteCodes("did:plc:a", 0,
                List.of(new InviteCode("e3", 1, false, "did:plc:a", "did:plc:a", T0))));
        List<InviteCodeDetails> codes = store.inviteCodesForAccount("did:plc:a");
        assertEquals(List.of("admin-for-a", "e1", "e2"), codes.stream().map(c -> c.code().code()).toList());
        assertTrue(codes.get(2).code().disabled());
    }

    @Test
    void disableInviteCodesCountsChangedCodes() {
        store.insertInviteCodes(List.of(adminCode("c1", 1), adminCode("c2", 1),
                new InviteCode("c3", 1, false, "did:plc:x", "did:plc:x", T0),
                new InviteCode("c4", 1, false, "did:plc:x", "did:plc:x", T0)));
        assertEquals(3, store.disableInviteCodes(List.of("c1", "c3", "nope"), List.of("did:plc:x")));
        assertEquals(0, store.disableInviteCodes(List.of("c1"), List.of()));
        assertEquals(1, store.disableInviteCodes(List.of("c2"), List.of()));
        assertTrue(store.findInviteCode("c4").orElseThrow().code().disabled());
    }

    @Test
    void duplicateAdminCodeFailsAllOrNothing() {
        store.insertInviteCodes(List.of(adminCode("dup", 1)));
        assertThrows(StoreException.class, () -> store.insertInviteCodes(List.of(adminCode("fresh", 1),
                adminCode("dup", 1))));
        assertEquals(Optional.empty(), store.findInviteCode("fresh"));
    }

    @Test
    void listInviteCodesPagesByKeyset() {
        List<InviteCode> codes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            codes.add(new InviteCode("code-" + i, 3, false, InviteCode.ADMIN, InviteCode.ADMIN,
                    T0.plusMillis(i / 2)));
        }
        store.insertInviteCodes(codes);
        for (int i = 0; i < 3; i++) {
            store.createAccount(new NewAccount(account("did:plc:u" + i, "u" + i + ".test", null), Optional.of("code-2"),
                    Optional.empty()));
        }
        store.createAccount(new NewAccount(account("did:plc:v", "v.test", null), Optional.of("code-5"),
                Optional.empty()));

        List<String> recent = collect(InviteSort.RECENT, 3);
        assertEquals(List.of("code-6", "code-5", "code-4", "code-3", "code-2", "code-1", "code-0"), recent);
        List<String> usage = collect(InviteSort.USAGE, 2);
        assertEquals(List.of("code-2", "code-5", "code-6", "code-4", "code-3", "code-1", "code-0"), usage);
        InviteCodePage first = store.listInviteCodes(InviteSort.USAGE, 1, Optional.empty());
        assertEquals(3, first.codes().get(0).uses().size());
        assertEquals(Optional.of(new InviteCursor(3, "code-2")), first.next());
        assertEquals(Optional.empty(), store.listInviteCodes(InviteSort.RECENT, 7, Optional.empty()).next());
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
    void searchAccountsByEmailPrefix() {
        created("did:plc:c", "c.test", "alice@x.com");
        created("did:plc:a", "a.test", "alice@y.com");
        created("did:plc:b", "b.test", "bob@x.com");
        created("did:plc:d", "d.test", null);
        created("did:plc:e", "e.test", "al%ce@x.com");
        assertEquals(List.of("did:plc:a", "did:plc:c"), dids(store.searchAccountsByEmail("alice", Optional.empty(), 10)));
        assertEquals(List.of("did:plc:c"), dids(store.searchAccountsByEmail("alice", Optional.of("did:plc:a"), 10)));
        assertEquals(List.of("did:plc:a"), dids(store.searchAccountsByEmail("alice", Optional.empty(), 1)));
        assertEquals(List.of("did:plc:e"), dids(store.searchAccountsByEmail("al%", Optional.empty(), 10)));
        assertEquals(List.of(), dids(store.searchAccountsByEmail("ALICE", Optional.empty(), 10)));
        assertEquals(4, store.searchAccountsByEmail("", Optional.empty(), 10).size());
    }

    private static List<String> dids(List<Account> accounts) {
        return accounts.stream().map(Account::did).toList();
    }

    // ---- refresh tokens and app passwords ----

    @Test
    void refreshTokenRotationIsCompareAndSet() {
        store.insertRefreshToken(refresh("rt-1", "did:plc:a"));
        store.insertRefreshToken(new RefreshToken("rt-1", "did:plc:other", T0, Optional.empty(), Optional.empty()));
        assertEquals("did:plc:a", store.findRefreshToken("rt-1").orElseThrow().did());
        Instant grace = T0.plusSeconds(7200);
        RefreshToken next = refresh("rt-2", "did:plc:a");
        assertInstanceOf(RotateResult.Rotated.class, store.rotateRefreshToken("rt-1", grace, next));
        assertInstanceOf(RotateResult.Rotated.class, store.rotateRefreshToken("rt-1", grace, next));
        RefreshToken old = store.findRefreshToken("rt-1").orElseThrow();
        assertEquals(Optional.of("rt-2"), old.nextId());
        assertEquals(grace, old.expiresAt());
        assertEquals(Optional.of(next), store.findRefreshToken("rt-2"));
        assertEquals(new RotateResult.NextIdConflict("rt-2"),
                store.rotateRefreshToken("rt-1", grace, refresh("rt-3", "did:plc:a")));
        assertEquals(Optional.empty(), store.findRefreshToken("rt-3"));
        assertInstanceOf(RotateResult.NotFound.class, store.rotateRefreshToken("missing", grace, refresh("rt-4", "x")));
        assertEquals(Optional.empty(), store.findRefreshToken("rt-4"));

        assertEquals(2, store.refreshTokensOf("did:plc:a").size());
        assertEquals(0, store.deleteExpiredRefreshTokens("did:plc:a", T0));
        assertEquals(1, store.deleteExpiredRefreshTokens("did:plc:a", grace));
        assertTrue(store.deleteRefreshToken("rt-2"));
        assertFalse(store.deleteRefreshToken("rt-2"));
        store.insertRefreshToken(refresh("rt-5", "did:plc:a"));
        store.insertRefreshToken(refresh("rt-6", "did:plc:a"));
        assertEquals(2, store.deleteRefreshTokensOf("did:plc:a"));
    }

    @Test
    void appPasswordsAndTheirSessions() {
        assertInstanceOf(CreateAppPasswordResult.AccountNotFound.class,
                store.insertAppPassword(new AppPassword("did:plc:a", "x", "h", T0, false)));
        created("did:plc:a", "a.test", null);
        AppPassword older = new AppPassword("did:plc:a", "older", "h1", T0, false);
        AppPassword newer = new AppPassword("did:plc:a", "newer", "h2", T0.plusSeconds(1), true);
        assertInstanceOf(CreateAppPasswordResult.Created.class, store.insertAppPassword(older));
        assertInstanceOf(CreateAppPasswordResult.Created.class, store.insertAppPassword(newer));
        assertInstanceOf(CreateAppPasswordResult.DuplicateName.class,
                store.insertAppPassword(new AppPassword("did:plc:a", "older", "h3", T0, true)));
        assertEquals(List.of(newer, older), store.appPasswordsOf("did:plc:a"));
        assertEquals(Optional.of(newer), store.findAppPassword("did:plc:a", "newer"));
        store.insertRefreshToken(new RefreshToken("rt-app", "did:plc:a", T0, Optional.empty(), Optional.of("older")));
        store.insertRefreshToken(refresh("rt-main", "did:plc:a"));
        assertTrue(store.deleteAppPassword("did:plc:a", "older"));
        assertFalse(store.deleteAppPassword("did:plc:a", "older"));
        assertEquals(Optional.empty(), store.findRefreshToken("rt-app"));
        assertTrue(store.findRefreshToken("rt-main").isPresent());
    }

    // ---- email tokens ----

    @Test
    void emailTokensAreUsedOnceWithTheirEffect() {
        created("did:plc:a", "a.test", "a@example.com");
        created("did:plc:b", "b.test", "b@example.com");
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", "old", T0));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", "new",
                T0.plusSeconds(10)));
        assertEquals(Optional.of(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", "new",
                T0.plusSeconds(10))), store.findEmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a"));
        store.insertRefreshToken(refresh("rt-a", "did:plc:a"));
        TokenEffect set = new TokenEffect.SetPassword("reset-hash");
        assertInstanceOf(TokenUseResult.Invalid.class, store.useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.empty(), "old", T0, set));
        assertInstanceOf(TokenUseResult.Invalid.class, store.useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.of("did:plc:b"), "new", T0, set));
        assertInstanceOf(TokenUseResult.Invalid.class, store.useEmailToken(EmailTokenPurpose.CONFIRM_EMAIL,
                Optional.empty(), "new", T0, set));
        assertInstanceOf(TokenUseResult.Expired.class, store.useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.empty(), "new", T0.plusSeconds(11), set));
        assertEquals(new TokenUseResult.Used("did:plc:a"), store.useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.empty(), "new", T0.plusSeconds(10), new TokenEffect.CheckOnly()));
        assertEquals(new TokenUseResult.Used("did:plc:a"), store.useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.empty(), "new", T0, set));
        assertEquals(Optional.of("reset-hash"), store.findAccountByDid("did:plc:a").orElseThrow().passwordHash());
        assertEquals(List.of(), store.refreshTokensOf("did:plc:a"));
        assertInstanceOf(TokenUseResult.Invalid.class, store.useEmailToken(EmailTokenPurpose.RESET_PASSWORD,
                Optional.empty(), "new", T0, set));

        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.CONFIRM_EMAIL, "did:plc:a", "c1", T0));
        assertInstanceOf(TokenUseResult.EmailMismatch.class, store.useEmailToken(EmailTokenPurpose.CONFIRM_EMAIL,
                Optional.of("did:plc:a"), "c1", T0, new TokenEffect.ConfirmEmail("other@example.com", T0)));
        assertTrue(store.findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, "did:plc:a").isPresent());
        assertInstanceOf(TokenUseResult.Used.class, store.useEmailToken(EmailTokenPurpose.CONFIRM_EMAIL,
                Optional.of("did:plc:a"), "c1", T0, new TokenEffect.ConfirmEmail("a@example.com", T0.plusMillis(3))));
        assertEquals(Optional.of(T0.plusMillis(3)),
                store.findAccountByDid("did:plc:a").orElseThrow().emailConfirmedAt());

        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.UPDATE_EMAIL, "did:plc:a", "u1", T0));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.PLC_OPERATION, "did:plc:a", "p1", T0));
        assertInstanceOf(TokenUseResult.EmailTaken.class, store.useEmailToken(EmailTokenPurpose.UPDATE_EMAIL,
                Optional.of("did:plc:a"), "u1", T0, new TokenEffect.UpdateEmail("b@example.com")));
        assertInstanceOf(TokenUseResult.Used.class, store.useEmailToken(EmailTokenPurpose.UPDATE_EMAIL,
                Optional.of("did:plc:a"), "u1", T0, new TokenEffect.UpdateEmail("a3@example.com")));
        Account a = store.findAccountByDid("did:plc:a").orElseThrow();
        assertEquals(Optional.of("a3@example.com"), a.email());
        assertFalse(a.emailConfirmed());
        assertEquals(Optional.empty(), store.findEmailToken(EmailTokenPurpose.PLC_OPERATION, "did:plc:a"));

        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.DELETE_ACCOUNT, "did:plc:b", "d1", T0));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.PLC_OPERATION, "did:plc:b", "p2", T0));
        assertEquals(new TokenUseResult.Used("did:plc:b"), store.useEmailToken(EmailTokenPurpose.DELETE_ACCOUNT,
                Optional.of("did:plc:b"), "d1", T0, new TokenEffect.DeleteAccount()));
        assertEquals(Optional.empty(), store.findAccountByDid("did:plc:b"));
        assertEquals(0, store.deleteEmailTokensOf("did:plc:b"));

        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.PLC_OPERATION, "did:plc:a", "p3", T0));
        assertInstanceOf(TokenUseResult.Used.class, store.useEmailToken(EmailTokenPurpose.PLC_OPERATION,
                Optional.of("did:plc:a"), "p3", T0, new TokenEffect.ConsumeOnly()));
        assertEquals(Optional.empty(), store.findEmailToken(EmailTokenPurpose.PLC_OPERATION, "did:plc:a"));
        store.upsertEmailToken(new EmailToken(EmailTokenPurpose.PLC_OPERATION, "did:plc:a", "p4", T0));
        assertEquals(1, store.deleteEmailTokensOf("did:plc:a"));
    }

    // ---- races ----

    /** Runs {@code task} on {@code threads} threads released together; returns their results. */
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
            List<CreateAccountResult> results = race(raceThreads(), t -> () -> store.createAccount(new NewAccount(
                    account("did:plc:r" + r + "t" + t, "r" + r + "t" + t + ".test", null), Optional.of(code),
                    Optional.of(refresh("rt-r" + r + "t" + t, "did:plc:r" + r + "t" + t)))));
            assertEquals(1, results.stream().filter(x -> x instanceof CreateAccountResult.Created).count(),
                    "round " + round + ": " + results);
            assertTrue(results.stream().allMatch(x -> x instanceof CreateAccountResult.Created
                    || x instanceof CreateAccountResult.InviteUnavailable), results.toString());
            assertEquals(1, store.findInviteCode(code).orElseThrow().uses().size());
        }
        assertEquals(raceRounds(), store.countAccounts());
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM refresh_token r WHERE NOT EXISTS "
                + "(SELECT 1 FROM account a WHERE a.did = r.did)"));
    }

    @Test
    void sameHandleRaceReportsHandleTakenToTheLosers() throws Exception {
        for (int round = 0; round < raceRounds() / 4; round++) {
            int r = round;
            List<CreateAccountResult> results = race(raceThreads(), t -> () -> store.createAccount(plain(
                    account("did:plc:h" + r + "t" + t, "same" + r + ".test", null))));
            assertEquals(1, results.stream().filter(x -> x instanceof CreateAccountResult.Created).count());
            assertTrue(results.stream().allMatch(x -> x instanceof CreateAccountResult.Created
                    || x instanceof CreateAccountResult.HandleTaken), results.toString());
        }
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
    }

    @Test
    void sameSuccessorRotationRaceAllSucceed() throws Exception {
        store.insertRefreshToken(refresh("shared", "did:plc:a"));
        List<RotateResult> results = race(raceThreads(), t -> () -> store.rotateRefreshToken("shared",
                T0.plusSeconds(60), refresh("shared-next", "did:plc:a")));
        assertTrue(results.stream().allMatch(x -> x instanceof RotateResult.Rotated), results.toString());
        assertEquals(2, store.refreshTokensOf("did:plc:a").size());
    }

    @Test
    void earnedInviteRaceNeverExceedsTheQuota() throws Exception {
        created("did:plc:earner", "earner.test", null);
        for (int round = 0; round < raceRounds() / 4; round++) {
            int r = round;
            List<EarnInviteCodesResult> results = race(raceThreads(), t -> () -> store.insertEarnedInviteCodes(
                    "did:plc:earner", r, List.of(new InviteCode("earn-" + r + "-" + t, 1, false, "did:plc:earner",
                            "did:plc:earner", T0))));
            assertEquals(1, results.stream().filter(x -> x instanceof EarnInviteCodesResult.Created).count());
            assertEquals(r + 1, store.inviteCodesForAccount("did:plc:earner").size());
        }
    }

    @Test
    void concurrentTokenUsesConsumeOnce() throws Exception {
        created("did:plc:a", "a.test", "a@example.com");
        for (int round = 0; round < raceRounds() / 4; round++) {
            String hash = "race-token-" + round;
            store.upsertEmailToken(new EmailToken(EmailTokenPurpose.RESET_PASSWORD, "did:plc:a", hash, T0));
            int r = round;
            List<TokenUseResult> results = race(raceThreads(), t -> () -> store.useEmailToken(
                    EmailTokenPurpose.RESET_PASSWORD, Optional.empty(), hash, T0,
                    new TokenEffect.SetPassword("hash-" + r + "-" + t)));
            assertEquals(1, results.stream().filter(x -> x instanceof TokenUseResult.Used).count(), results.toString());
            assertTrue(results.stream().allMatch(x -> x instanceof TokenUseResult.Used
                    || x instanceof TokenUseResult.Invalid), results.toString());
        }
    }

    @Test
    void concurrentDistinctWritesAllLand() throws Exception {
        List<Integer> counts = race(raceThreads(), t -> () -> {
            Set<String> mine = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String did = "did:plc:w" + t + "x" + i;
                if (store.createAccount(plain(account(did, "w" + t + "x" + i + ".test", did.substring(8) + "@e.com")))
                        instanceof CreateAccountResult.Created) {
                    mine.add(did);
                }
                store.insertRefreshToken(refresh("rt-" + did, did));
            }
            return mine.size();
        });
        assertEquals(raceThreads() * 20, counts.stream().mapToInt(Integer::intValue).sum());
        assertEquals(raceThreads() * 20L, store.countAccounts());
    }
}
