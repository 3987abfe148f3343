package dev.pdsaccounts.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.service.internal.CreateAccountResult;
import dev.pdsaccounts.service.internal.NewAccount;
import dev.pdsaccounts.service.internal.UpdateResult;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.TransactionWork;
import dev.pdsaccounts.testsupport.MapStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.service.internal.TokenEffect;
import dev.pdsaccounts.service.internal.TokenUseResult;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every cross-aggregate rule of {@link AccountChanges}, driven through the {@link MapStore} double of the store
 * port: what each change writes, and that a refused change writes nothing.
 */
class AccountChangesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);

    private final MapStore store = new MapStore();
    private final SecureRandom random = new SecureRandom();

    private static Account account(String name) {
        return Account.newAccount("did:plc:" + name, name + ".test", Optional.of(name + "@example.com"),
                Optional.of("hash-" + name), T0, Optional.of("key-" + name));
    }

    /** A boolean change in one transaction (a plain boolean, so assertTrue has no overload to choose). */
    private boolean inTx(TransactionWork<Boolean> work) {
        return store.inTransaction(work);
    }

    private int countInTx(TransactionWork<Integer> work) {
        return store.inTransaction(work);
    }

    private Account put(Account a) {
        assertInstanceOf(AccountWriteResult.Written.class, store.insertAccount(a));
        return a;
    }

    private Account put(String name) {
        return put(account(name));
    }

    private RefreshToken session(String id, Account a, Optional<String> appPassword) {
        RefreshToken t = new RefreshToken(id, a.did(), T1.plusSeconds(86_400), Optional.empty(), appPassword);
        store.insertRefreshToken(t);
        return t;
    }

    private void appPassword(Account a, String name) {
        assertTrue(store.insertAppPassword(new AppPassword(a.did(), name, "hash-" + name, T0, false)));
    }

    private void token(EmailTokenPurpose purpose, Account a, String hash, Instant requestedAt) {
        store.upsertEmailToken(new EmailToken(purpose, a.did(), hash, requestedAt));
    }

    private void allTokens(Account a) {
        for (EmailTokenPurpose p : EmailTokenPurpose.values()) {
            token(p, a, a.did() + "-" + p.value(), T0);
        }
    }

    private void code(String code, int uses, boolean disabled, String forAccount, String createdBy) {
        store.insertInviteCodes(List.of(new InviteCode(code, uses, disabled, forAccount, createdBy, T0)));
    }

    private Set<String> sessionIds(Account a) {
        return store.refreshTokensOf(a.did()).stream().map(RefreshToken::id).collect(Collectors.toSet());
    }

    private Set<EmailTokenPurpose> tokenPurposes(Account a) {
        Set<EmailTokenPurpose> purposes = EnumSet.noneOf(EmailTokenPurpose.class);
        for (EmailTokenPurpose p : EmailTokenPurpose.values()) {
            store.findEmailToken(p, a.did()).ifPresent(t -> purposes.add(p));
        }
        return purposes;
    }

    private Account stored(Account a) {
        return store.findAccountByDid(a.did()).orElseThrow();
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class CreateAccount {
        private final Account existing = account("alice");
        private final RefreshToken firstSession =
                new RefreshToken("jti-new", "did:plc:new", T1, Optional.empty(), Optional.empty());

        private CreateAccountResult create(Account a, Optional<String> code) {
            RefreshToken t = new RefreshToken(firstSession.id(), a.did(), T1, Optional.empty(), Optional.empty());
            return store.inTransaction(tx -> AccountChanges.createAccount(tx,
                    new NewAccount(a, code, Optional.of(t))));
        }

        private Account newAccount(String did, String handle, String email) {
            return Account.newAccount(did, handle, Optional.of(email), Optional.of("h"), T1, Optional.empty());
        }

        @Test
        void writesTheAccountItsInviteUseAndItsFirstRefreshToken() {
            code("code-1", 2, false, InviteCode.ADMIN, InviteCode.ADMIN);
            Account a = newAccount("did:plc:new", "new.test", "new@example.com");
            assertInstanceOf(CreateAccountResult.Created.class, create(a, Optional.of("code-1")));
            assertEquals(Optional.of(a), store.findAccountByDid(a.did()));
            assertEquals(List.of(new InviteCodeUse("code-1", a.did(), T1)), store.inviteCodeUsesBy(a.did()));
            assertEquals(Set.of("jti-new"), sessionIds(a));
        }

        @Test
        void withoutACodeRecordsNoUseAndWithoutASessionNoToken() {
            Account a = newAccount("did:plc:new", "new.test", "new@example.com");
            assertInstanceOf(CreateAccountResult.Created.class, store.inTransaction(tx ->
                    AccountChanges.createAccount(tx, new NewAccount(a, Optional.empty(), Optional.empty()))));
            assertEquals(List.of(), store.snapshot().uses());
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(Optional.of(a), store.findAccountByDid(a.did()));
        }

        @Test
        void conflictsAreReportedInTheOrderDidHandleEmailInviteAndWriteNothing() {
            put(existing);
            code("used-up", 1, false, InviteCode.ADMIN, InviteCode.ADMIN);
            store.insertInviteCodeUse(new InviteCodeUse("used-up", existing.did(), T0));
            code("free", 1, false, InviteCode.ADMIN, InviteCode.ADMIN);
            String did = existing.did();
            String handle = existing.handle();
            String email = existing.email().orElseThrow();
            for (Optional<String> code : List.of(Optional.of("used-up"), Optional.of("free"), Optional.<String>empty())) {
                MapStore.Rows before = store.snapshot();
                assertInstanceOf(CreateAccountResult.DidTaken.class,
                        create(newAccount(did, handle, email), code), code.toString());
                assertInstanceOf(CreateAccountResult.HandleTaken.class,
                        create(newAccount("did:plc:other", handle, email), code), code.toString());
                assertInstanceOf(CreateAccountResult.EmailTaken.class,
                        create(newAccount("did:plc:other", "other.test", email), code), code.toString());
                assertEquals(before, store.snapshot(), "a conflict writes nothing");
            }
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(CreateAccountResult.InviteUnavailable.class,
                    create(newAccount("did:plc:other", "other.test", "other@example.com"), Optional.of("used-up")));
            assertEquals(before, store.snapshot(), "an unavailable code writes nothing");
        }

        @Test
        void anAccountWithoutEmailHasNoEmailConflict() {
            put(existing);
            code("gone", 1, true, InviteCode.ADMIN, InviteCode.ADMIN);
            Account noEmail = Account.newAccount("did:plc:other", "other.test", Optional.empty(), Optional.empty(),
                    T1, Optional.empty());
            assertInstanceOf(CreateAccountResult.InviteUnavailable.class, create(noEmail, Optional.of("gone")));
        }

        @Test
        void anUnknownDisabledUsedUpOrTakenDownIssuersCodeIsUnavailable() {
            Account issuer = put(existing.withTakedownRef(Optional.of("ref")));
            code("disabled", 5, true, InviteCode.ADMIN, InviteCode.ADMIN);
            code("used-up", 1, false, InviteCode.ADMIN, InviteCode.ADMIN);
            store.insertInviteCodeUse(new InviteCodeUse("used-up", "did:plc:someone", T0));
            code("taken-down-issuer", 5, false, issuer.did(), issuer.did());
            int n = 0;
            for (String c : List.of("unknown", "disabled", "used-up", "taken-down-issuer")) {
                MapStore.Rows before = store.snapshot();
                assertFalse(AccountChanges.isInviteCodeAvailable(store, c), c);
                assertInstanceOf(CreateAccountResult.InviteUnavailable.class,
                        create(newAccount("did:plc:n" + n, "n" + n + ".test", n + "@example.com"), Optional.of(c)), c);
                assertEquals(before, store.snapshot(), c);
                n++;
            }
        }

        @Test
        void adminCodesCodesOfAGoneIssuerAndOfAnIssuerWhoseTakedownWasLiftedAreAvailable() {
            Account issuer = put(existing.withTakedownRef(Optional.of("ref")));
            code("admin", 1, false, InviteCode.ADMIN, InviteCode.ADMIN);
            code("orphan", 1, false, "did:plc:gone", "did:plc:gone");
            code("issuer", 1, false, issuer.did(), issuer.did());
            assertTrue(AccountChanges.isInviteCodeAvailable(store, "admin"));
            assertTrue(AccountChanges.isInviteCodeAvailable(store, "orphan"));
            assertFalse(AccountChanges.isInviteCodeAvailable(store, "issuer"));
            assertTrue(inTx(tx -> AccountChanges.setTakedown(tx, issuer.did(), Optional.empty())));
            assertTrue(AccountChanges.isInviteCodeAvailable(store, "issuer"));
            assertInstanceOf(CreateAccountResult.Created.class,
                    create(newAccount("did:plc:new", "new.test", "new@example.com"), Optional.of("issuer")));
            assertFalse(AccountChanges.isInviteCodeAvailable(store, "issuer"), "its only use is spent");
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Invites {
        @Test
        void signUpCodeIsTheEarliestUsedCodeWithAllItsUses() {
            Account a = put("alice");
            code("first", 3, false, InviteCode.ADMIN, InviteCode.ADMIN);
            code("second", 3, false, InviteCode.ADMIN, InviteCode.ADMIN);
            store.insertInviteCodeUse(new InviteCodeUse("second", a.did(), T1));
            store.insertInviteCodeUse(new InviteCodeUse("first", a.did(), T0));
            store.insertInviteCodeUse(new InviteCodeUse("first", "did:plc:bob", T1));
            InviteCodeDetails found = AccountChanges.signUpCode(store, a.did()).orElseThrow();
            assertEquals("first", found.code().code());
            assertEquals(2, found.uses().size());
            assertEquals(Optional.empty(), AccountChanges.signUpCode(store, "did:plc:nobody"));
        }

        @Test
        void earnedCodesAreInsertedOnlyWhenTheEarnedCountIsStillTheExpectedOne() {
            Account a = put("alice");
            code("admin-issued", 1, false, a.did(), InviteCode.ADMIN); // issued to it, not earned: not counted
            code("earned-1", 1, false, a.did(), a.did());
            List<InviteCode> fresh = List.of(new InviteCode("earned-2", 1, false, a.did(), a.did(), T1),
                    new InviteCode("earned-3", 1, false, a.did(), a.did(), T1));

            MapStore.Rows before = store.snapshot();
            assertFalse(inTx(tx -> AccountChanges.insertEarnedInviteCodes(tx, a.did(), 0, fresh)));
            assertFalse(inTx(tx -> AccountChanges.insertEarnedInviteCodes(tx, a.did(), 2, fresh)));
            assertEquals(before, store.snapshot(), "a lost race writes nothing");

            assertTrue(inTx(tx -> AccountChanges.insertEarnedInviteCodes(tx, a.did(), 1, fresh)));
            assertEquals(List.of("admin-issued", "earned-1", "earned-2", "earned-3"),
                    store.inviteCodesForAccount(a.did()).stream().map(d -> d.code().code()).toList());
            // The same expectation again is now stale: the quota cannot be overrun by a repeated call.
            List<InviteCode> again = List.of(new InviteCode("earned-4", 1, false, a.did(), a.did(), T1));
            assertFalse(inTx(tx -> AccountChanges.insertEarnedInviteCodes(tx, a.did(), 1, again)));
            assertEquals(4, store.inviteCodesForAccount(a.did()).size());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Revocation {
        @Test
        void setPasswordRevokesEverySessionAndOnlyTheResetToken() {
            Account a = put("alice");
            Account b = put("bob");
            appPassword(a, "app");
            session("s1", a, Optional.empty());
            session("s2", a, Optional.of("app"));
            session("b1", b, Optional.empty());
            allTokens(a);
            allTokens(b);

            assertTrue(inTx(tx -> AccountChanges.setPassword(tx, a.did(), "new-hash")));

            assertEquals(Optional.of("new-hash"), stored(a).passwordHash());
            assertEquals(a.withPasswordHash("new-hash"), stored(a), "nothing else of the account changes");
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(EnumSet.complementOf(EnumSet.of(EmailTokenPurpose.RESET_PASSWORD)), tokenPurposes(a));
            assertEquals(1, store.appPasswordsOf(a.did()).size(), "app passwords survive a password change");
            assertEquals(Set.of("b1"), sessionIds(b));
            assertEquals(EnumSet.allOf(EmailTokenPurpose.class), tokenPurposes(b));
        }

        @Test
        void setPasswordOfNoAccountWritesNothing() {
            Account a = put("alice");
            session("s1", a, Optional.empty());
            MapStore.Rows before = store.snapshot();
            assertFalse(inTx(tx -> AccountChanges.setPassword(tx, "did:plc:nobody", "h")));
            assertEquals(before, store.snapshot());
        }

        @Test
        void applyingAndLiftingATakedownBothRevokeSessions() {
            Account a = put("alice");
            Account b = put("bob");
            session("s1", a, Optional.empty());
            session("b1", b, Optional.empty());

            assertTrue(inTx(tx -> AccountChanges.setTakedown(tx, a.did(), Optional.of("ref-1"))));
            assertEquals(Optional.of("ref-1"), stored(a).takedownRef());
            assertTrue(stored(a).isTakenDown());
            assertEquals(Set.of(), sessionIds(a));

            session("s2", a, Optional.empty()); // e.g. a takendown-scope session
            assertTrue(inTx(tx -> AccountChanges.setTakedown(tx, a.did(), Optional.empty())));
            assertFalse(stored(a).isTakenDown());
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(Set.of("b1"), sessionIds(b));

            MapStore.Rows before = store.snapshot();
            assertFalse(inTx(tx -> AccountChanges.setTakedown(tx, "did:plc:x", Optional.of("r"))));
            assertEquals(before, store.snapshot());
        }

        @Test
        void revokingAnAppPasswordEndsOnlyItsOwnSessions() {
            Account a = put("alice");
            Account b = put("bob");
            appPassword(a, "one");
            appPassword(a, "two");
            appPassword(b, "one");
            session("main", a, Optional.empty());
            session("one-1", a, Optional.of("one"));
            session("one-2", a, Optional.of("one"));
            session("two-1", a, Optional.of("two"));
            session("b-one", b, Optional.of("one"));

            assertTrue(inTx(tx -> AccountChanges.revokeAppPassword(tx, a.did(), "one")));
            assertEquals(Set.of("main", "two-1"), sessionIds(a));
            assertEquals(List.of("two"), store.appPasswordsOf(a.did()).stream().map(AppPassword::name).toList());
            assertEquals(Set.of("b-one"), sessionIds(b));
            assertEquals(1, store.appPasswordsOf(b.did()).size());

            MapStore.Rows before = store.snapshot();
            assertFalse(inTx(tx -> AccountChanges.revokeAppPassword(tx, a.did(), "one")));
            assertEquals(before, store.snapshot());
        }

        @Test
        void expiredSessionsAreThoseExpiringAtOrBeforeNow() {
            Account a = put("alice");
            Account b = put("bob");
            Instant now = T1;
            for (RefreshToken t : List.of(
                    new RefreshToken("before", a.did(), now.minusMillis(1), Optional.empty(), Optional.empty()),
                    new RefreshToken("at", a.did(), now, Optional.of("after"), Optional.empty()),
                    new RefreshToken("after", a.did(), now.plusMillis(1), Optional.empty(), Optional.empty()),
                    new RefreshToken("other", b.did(), now.minusMillis(1), Optional.empty(), Optional.empty()))) {
                store.insertRefreshToken(t);
            }
            assertEquals(2, countInTx(tx -> AccountChanges.deleteExpiredSessions(tx, a.did(), now)));
            assertEquals(Set.of("after"), sessionIds(a));
            assertEquals(Set.of("other"), sessionIds(b));

            MapStore.Rows before = store.snapshot();
            assertEquals(0, countInTx(tx -> AccountChanges.deleteExpiredSessions(tx, a.did(), now)));
            assertEquals(before, store.snapshot());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class AccountFields {
        @Test
        void setEmailClearsTheConfirmationAndDeletesEveryEmailToken() {
            Account a = put(account("alice").withEmailConfirmedAt(T0));
            Account b = put("bob");
            allTokens(a);
            allTokens(b);
            assertInstanceOf(UpdateResult.Updated.class,
                    store.inTransaction(tx -> AccountChanges.setEmail(tx, stored(a), "new@example.com")));
            assertEquals(Optional.of("new@example.com"), stored(a).email());
            assertFalse(stored(a).emailConfirmed());
            assertEquals(Set.of(), tokenPurposes(a));
            assertEquals(EnumSet.allOf(EmailTokenPurpose.class), tokenPurposes(b));
            assertEquals(Optional.of(stored(a)), store.findAccountByEmail("new@example.com"));
            assertEquals(Optional.empty(), store.findAccountByEmail("alice@example.com"), "the old email is free");
        }

        @Test
        void anEmailHeldByAnotherAccountWritesNothing() {
            Account a = put(account("alice").withEmailConfirmedAt(T0));
            put("bob");
            allTokens(a);
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(UpdateResult.EmailTaken.class,
                    store.inTransaction(tx -> AccountChanges.setEmail(tx, stored(a), "bob@example.com")));
            assertEquals(before, store.snapshot());
            assertInstanceOf(UpdateResult.NotFound.class,
                    store.inTransaction(tx -> AccountChanges.setEmail(tx, account("ghost"), "g@example.com")));
            assertEquals(before, store.snapshot());
        }

        @Test
        void setHandleWritesOnlyAFreeNewHandle() {
            Account a = put("alice");
            put("bob");
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(UpdateResult.Updated.class,
                    store.inTransaction(tx -> AccountChanges.setHandle(tx, a.did(), a.handle())));
            assertInstanceOf(UpdateResult.HandleTaken.class,
                    store.inTransaction(tx -> AccountChanges.setHandle(tx, a.did(), "bob.test")));
            assertInstanceOf(UpdateResult.NotFound.class,
                    store.inTransaction(tx -> AccountChanges.setHandle(tx, "did:plc:x", "x.test")));
            assertEquals(before, store.snapshot());
            assertInstanceOf(UpdateResult.Updated.class,
                    store.inTransaction(tx -> AccountChanges.setHandle(tx, a.did(), "alice2.test")));
            assertEquals(a.withHandle("alice2.test"), stored(a));
        }

        @Test
        void updateAppliesTheChangeToTheStoredAccountOnly() {
            Account a = put("alice");
            assertTrue(inTx(tx -> AccountChanges.update(tx, a.did(), x -> x.withInvitesDisabled(true))));
            assertTrue(stored(a).invitesDisabled());
            MapStore.Rows before = store.snapshot();
            assertFalse(inTx(tx -> AccountChanges.update(tx, "did:plc:x", x -> x.withHandle("y.test"))));
            assertEquals(before, store.snapshot());
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class Deletion {
        @Test
        void deletesEverythingHeldForTheAccountAndAnonymisesItsUseRecords() {
            Account a = put("alice");
            Account b = put("bob");
            // alice signed up with an admin code bob also used, and (unusually) used a second code later.
            code("signup", 5, false, InviteCode.ADMIN, InviteCode.ADMIN);
            code("later", 5, false, InviteCode.ADMIN, InviteCode.ADMIN);
            store.insertInviteCodeUse(new InviteCodeUse("signup", a.did(), T0));
            store.insertInviteCodeUse(new InviteCodeUse("signup", b.did(), T0));
            store.insertInviteCodeUse(new InviteCodeUse("later", a.did(), T1));
            // Codes issued to alice (earned and admin-issued), one used by bob; one earned by bob.
            code("alice-earned", 1, false, a.did(), a.did());
            code("alice-admin", 2, false, a.did(), InviteCode.ADMIN);
            store.insertInviteCodeUse(new InviteCodeUse("alice-earned", b.did(), T1));
            code("bob-earned", 1, false, b.did(), b.did());
            appPassword(a, "app");
            appPassword(b, "app");
            session("a1", a, Optional.empty());
            session("a2", a, Optional.of("app"));
            session("b1", b, Optional.empty());
            allTokens(a);
            allTokens(b);
            ReservedSigningKey ka = new ReservedSigningKey("did:key:za", Optional.of(a.did()), "00", T0);
            ReservedSigningKey ka2 = new ReservedSigningKey("did:key:za2", Optional.of(a.did()), "01", T1);
            ReservedSigningKey kb = new ReservedSigningKey("did:key:zb", Optional.of(b.did()), "02", T0);
            ReservedSigningKey free = new ReservedSigningKey("did:key:zfree", Optional.empty(), "03", T0);
            for (ReservedSigningKey k : List.of(ka, ka2, kb, free)) {
                store.insertReservedSigningKey(k);
            }

            assertTrue(inTx(tx -> AccountChanges.deleteAccount(tx, a.did(), random)));

            assertEquals(Optional.empty(), store.findAccountByDid(a.did()));
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(List.of(), store.appPasswordsOf(a.did()));
            assertEquals(Set.of(), tokenPurposes(a));
            assertEquals(Optional.empty(), store.findReservedSigningKeyForDid(a.did()));
            assertEquals(Optional.empty(), store.findReservedSigningKey("did:key:za2"));
            assertEquals(List.of(), store.inviteCodesForAccount(a.did()));
            assertEquals(Optional.empty(), store.findInviteCode("alice-earned"));
            assertEquals(List.of(), store.inviteCodeUsesBy(a.did()));
            // The codes it used keep their use counts, now naming distinct anonymous users.
            List<InviteCodeUse> signup = store.findInviteCode("signup").orElseThrow().uses();
            List<InviteCodeUse> later = store.findInviteCode("later").orElseThrow().uses();
            assertEquals(2, signup.size());
            assertEquals(1, later.size());
            String anonymous1 = signup.stream().map(InviteCodeUse::usedBy).filter(u -> !u.equals(b.did()))
                    .findFirst().orElseThrow();
            String anonymous2 = later.get(0).usedBy();
            assertTrue(anonymous1.matches("did:deleted:[a-z2-7]{24}"), anonymous1);
            assertTrue(anonymous2.matches("did:deleted:[a-z2-7]{24}"), anonymous2);
            assertNotEquals(anonymous1, anonymous2, "nothing links the records to each other");
            assertEquals(T1, later.get(0).usedAt());
            // Its handle and email are free again.
            assertEquals(Optional.empty(), store.findAccountByHandle(a.handle()));
            assertEquals(Optional.empty(), store.findAccountByEmail(a.email().orElseThrow()));
            // Bob keeps everything.
            assertEquals(Optional.of(b), store.findAccountByDid(b.did()));
            assertEquals(Set.of("b1"), sessionIds(b));
            assertEquals(1, store.appPasswordsOf(b.did()).size());
            assertEquals(EnumSet.allOf(EmailTokenPurpose.class), tokenPurposes(b));
            assertEquals(Optional.of(kb), store.findReservedSigningKeyForDid(b.did()));
            assertEquals(Optional.of(free), store.findReservedSigningKey("did:key:zfree"));
            assertEquals(List.of("bob-earned"),
                    store.inviteCodesForAccount(b.did()).stream().map(d -> d.code().code()).toList());
            assertEquals(List.of("signup"), store.inviteCodeUsesBy(b.did()).stream().map(InviteCodeUse::code).toList());
        }

        @Test
        void isIdempotent() {
            Account a = put("alice");
            session("a1", a, Optional.empty());
            assertTrue(inTx(tx -> AccountChanges.deleteAccount(tx, a.did(), random)));
            MapStore.Rows before = store.snapshot();
            assertFalse(inTx(tx -> AccountChanges.deleteAccount(tx, a.did(), random)));
            assertEquals(before, store.snapshot());
        }

        @Test
        void removesLeftoversOfAnAccountWhoseRowIsAlreadyGone() {
            Account a = account("ghost");
            session("g1", a, Optional.empty());
            allTokens(a);
            assertFalse(inTx(tx -> AccountChanges.deleteAccount(tx, a.did(), random)));
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(Set.of(), tokenPurposes(a));
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class EmailTokens {
        private final Account a = account("alice");
        private static final String HASH = "the-hash";

        private TokenUseResult use(EmailTokenPurpose purpose, Optional<String> did, String hash, Instant notBefore,
                                   TokenEffect effect) {
            return store.inTransaction(tx ->
                    AccountChanges.useEmailToken(tx, purpose, did, hash, notBefore, effect, random));
        }

        private TokenUseResult use(EmailTokenPurpose purpose, TokenEffect effect) {
            return use(purpose, Optional.of(a.did()), HASH, T0, effect);
        }

        private void setUp(EmailTokenPurpose purpose) {
            put(a.withEmailConfirmedAt(T0));
            allTokens(a);
            token(purpose, a, HASH, T0);
            session("s1", a, Optional.empty());
        }

        @Test
        void checkOnlyKeepsTheTokenAndChangesNothing() {
            setUp(EmailTokenPurpose.PLC_OPERATION);
            MapStore.Rows before = store.snapshot();
            assertEquals(new TokenUseResult.Used(a.did()), use(EmailTokenPurpose.PLC_OPERATION, new TokenEffect.CheckOnly()));
            assertEquals(before, store.snapshot());
            assertEquals(new TokenUseResult.Used(a.did()), use(EmailTokenPurpose.PLC_OPERATION, new TokenEffect.CheckOnly()));
        }

        @Test
        void consumeOnlyDeletesThatTokenOnlyAndItCannotBeUsedTwice() {
            setUp(EmailTokenPurpose.PLC_OPERATION);
            Account before = stored(a);
            assertEquals(new TokenUseResult.Used(a.did()),
                    use(EmailTokenPurpose.PLC_OPERATION, new TokenEffect.ConsumeOnly()));
            assertEquals(EnumSet.complementOf(EnumSet.of(EmailTokenPurpose.PLC_OPERATION)), tokenPurposes(a));
            assertEquals(before, stored(a));
            assertEquals(Set.of("s1"), sessionIds(a));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.PLC_OPERATION, new TokenEffect.ConsumeOnly()));
        }

        @Test
        void setPasswordFoundByHashSetsTheHashRevokesSessionsAndConsumesTheResetToken() {
            setUp(EmailTokenPurpose.RESET_PASSWORD);
            assertEquals(new TokenUseResult.Used(a.did()), use(EmailTokenPurpose.RESET_PASSWORD, Optional.empty(),
                    HASH, T0, new TokenEffect.SetPassword("new-hash")));
            assertEquals(Optional.of("new-hash"), stored(a).passwordHash());
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(EnumSet.complementOf(EnumSet.of(EmailTokenPurpose.RESET_PASSWORD)), tokenPurposes(a));
        }

        @Test
        void confirmEmailMarksTheCurrentEmailConfirmed() {
            put(a);
            token(EmailTokenPurpose.CONFIRM_EMAIL, a, HASH, T0);
            assertEquals(new TokenUseResult.Used(a.did()), use(EmailTokenPurpose.CONFIRM_EMAIL,
                    new TokenEffect.ConfirmEmail("alice@example.com", T1)));
            assertEquals(Optional.of(T1), stored(a).emailConfirmedAt());
            assertEquals(Set.of(), tokenPurposes(a));
        }

        @Test
        void confirmingAnotherEmailIsAMismatchThatWritesNothing() {
            put(a);
            token(EmailTokenPurpose.CONFIRM_EMAIL, a, HASH, T0);
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(TokenUseResult.EmailMismatch.class, use(EmailTokenPurpose.CONFIRM_EMAIL,
                    new TokenEffect.ConfirmEmail("old@example.com", T1)));
            assertEquals(before, store.snapshot(), "the token is not consumed");
        }

        @Test
        void updateEmailSetsTheEmailClearsConfirmationAndDeletesEveryEmailToken() {
            setUp(EmailTokenPurpose.UPDATE_EMAIL);
            assertEquals(new TokenUseResult.Used(a.did()),
                    use(EmailTokenPurpose.UPDATE_EMAIL, new TokenEffect.UpdateEmail("new@example.com")));
            assertEquals(Optional.of("new@example.com"), stored(a).email());
            assertFalse(stored(a).emailConfirmed());
            assertEquals(Set.of(), tokenPurposes(a));
            assertEquals(Set.of("s1"), sessionIds(a), "an email change keeps sessions");
        }

        @Test
        void updateEmailToANewEmailTurnsTheEmailAuthFactorOff() {
            put(a.withEmailConfirmedAt(T0).withEmailAuthFactor(true));
            token(EmailTokenPurpose.UPDATE_EMAIL, a, HASH, T0);
            assertEquals(new TokenUseResult.Used(a.did()),
                    use(EmailTokenPurpose.UPDATE_EMAIL, new TokenEffect.UpdateEmail("new@example.com")));
            assertFalse(stored(a).emailAuthFactor());
            assertFalse(stored(a).emailConfirmed());
        }

        @Test
        void updateEmailToTheCurrentEmailKeepsItsConfirmationAndSetsTheFactor() {
            setUp(EmailTokenPurpose.UPDATE_EMAIL);
            assertEquals(new TokenUseResult.Used(a.did()), use(EmailTokenPurpose.UPDATE_EMAIL,
                    new TokenEffect.UpdateEmail("alice@example.com", Optional.of(true))));
            assertEquals(Optional.of(T0), stored(a).emailConfirmedAt());
            assertTrue(stored(a).emailAuthFactor());
            assertEquals(Set.of(), tokenPurposes(a), "every email token is void");
        }

        @Test
        void theFactorIsNeverTurnedOnForAnUnconfirmedOrANewEmailAndNothingIsWritten() {
            put(a);
            token(EmailTokenPurpose.UPDATE_EMAIL, a, HASH, T0);
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(TokenUseResult.EmailUnconfirmed.class, use(EmailTokenPurpose.UPDATE_EMAIL,
                    new TokenEffect.UpdateEmail("alice@example.com", Optional.of(true))));
            assertEquals(before, store.snapshot(), "the token is not consumed");
            store.updateAccount(a.withEmailConfirmedAt(T0));
            MapStore.Rows confirmed = store.snapshot();
            assertInstanceOf(TokenUseResult.EmailUnconfirmed.class, use(EmailTokenPurpose.UPDATE_EMAIL,
                    new TokenEffect.UpdateEmail("new@example.com", Optional.of(true))));
            assertEquals(confirmed, store.snapshot());
            assertInstanceOf(UpdateResult.EmailUnconfirmed.class, store.inTransaction(tx ->
                    AccountChanges.updateOwnEmail(tx, stored(a), "new@example.com", Optional.of(true))));
            assertEquals(confirmed, store.snapshot());
        }

        @Test
        void updateEmailToAnEmailHeldByAnotherAccountWritesNothing() {
            setUp(EmailTokenPurpose.UPDATE_EMAIL);
            put("bob");
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(TokenUseResult.EmailTaken.class,
                    use(EmailTokenPurpose.UPDATE_EMAIL, new TokenEffect.UpdateEmail("bob@example.com")));
            assertEquals(before, store.snapshot());
        }

        @Test
        void deleteAccountDeletesTheAccountWithEverythingItHolds() {
            setUp(EmailTokenPurpose.DELETE_ACCOUNT);
            code("signup", 1, false, InviteCode.ADMIN, InviteCode.ADMIN);
            store.insertInviteCodeUse(new InviteCodeUse("signup", a.did(), T0));
            assertEquals(new TokenUseResult.Used(a.did()),
                    use(EmailTokenPurpose.DELETE_ACCOUNT, new TokenEffect.DeleteAccount()));
            assertEquals(Optional.empty(), store.findAccountByDid(a.did()));
            assertEquals(Set.of(), sessionIds(a));
            assertEquals(Set.of(), tokenPurposes(a));
            assertTrue(store.findInviteCode("signup").orElseThrow().uses().get(0).usedBy()
                    .startsWith(InviteCodeUse.DELETED_DID_PREFIX));
        }

        @Test
        void aWrongHashAWrongAccountOrAWrongPurposeIsInvalidAndWritesNothing() {
            setUp(EmailTokenPurpose.DELETE_ACCOUNT);
            Account b = put("bob");
            token(EmailTokenPurpose.DELETE_ACCOUNT, b, "bobs-hash", T0);
            MapStore.Rows before = store.snapshot();
            TokenEffect effect = new TokenEffect.DeleteAccount();
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.DELETE_ACCOUNT, Optional.of(a.did()), "wrong", T0, effect));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.DELETE_ACCOUNT, Optional.of(a.did()), "bobs-hash", T0, effect));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.DELETE_ACCOUNT, Optional.of(b.did()), HASH, T0, effect));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.DELETE_ACCOUNT, Optional.of("did:plc:nobody"), HASH, T0, effect));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.RESET_PASSWORD, Optional.empty(), HASH, T0, new TokenEffect.ConsumeOnly()));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.DELETE_ACCOUNT, Optional.empty(), "wrong", T0, effect));
            assertEquals(before, store.snapshot());
        }

        @Test
        void aTokenWhoseAccountIsGoneIsInvalid() {
            token(EmailTokenPurpose.RESET_PASSWORD, a, HASH, T0); // no account row
            MapStore.Rows before = store.snapshot();
            assertInstanceOf(TokenUseResult.Invalid.class, use(EmailTokenPurpose.RESET_PASSWORD, Optional.empty(),
                    HASH, T0, new TokenEffect.SetPassword("h")));
            assertInstanceOf(TokenUseResult.Invalid.class,
                    use(EmailTokenPurpose.RESET_PASSWORD, new TokenEffect.CheckOnly()));
            assertEquals(before, store.snapshot());
        }

        @Test
        void aTokenRequestedBeforeTheWindowIsExpiredAndWritesNothingOneRequestedAtItsStartIsValid() {
            setUp(EmailTokenPurpose.RESET_PASSWORD);
            MapStore.Rows before = store.snapshot();
            for (TokenEffect effect : List.of(new TokenEffect.CheckOnly(), new TokenEffect.SetPassword("h"))) {
                assertInstanceOf(TokenUseResult.Expired.class, use(EmailTokenPurpose.RESET_PASSWORD,
                        Optional.of(a.did()), HASH, T0.plusMillis(1), effect));
                assertInstanceOf(TokenUseResult.Expired.class, use(EmailTokenPurpose.RESET_PASSWORD,
                        Optional.empty(), HASH, T0.plusMillis(1), effect));
            }
            assertEquals(before, store.snapshot());
            assertEquals(new TokenUseResult.Used(a.did()), use(EmailTokenPurpose.RESET_PASSWORD,
                    Optional.of(a.did()), HASH, T0, new TokenEffect.SetPassword("h")));
        }
    }

    // -------------------------------------------------------------------------------------------------------

    @Nested
    class SigningKeys {
        private final ReservedSigningKey forAlice1 =
                new ReservedSigningKey("did:key:z1", Optional.of("did:plc:alice"), "01", T0);
        private final ReservedSigningKey forAlice2 =
                new ReservedSigningKey("did:key:z2", Optional.of("did:plc:alice"), "02", T1);
        private final ReservedSigningKey anonymous1 = new ReservedSigningKey("did:key:z3", Optional.empty(), "03", T0);
        private final ReservedSigningKey anonymous2 = new ReservedSigningKey("did:key:z4", Optional.empty(), "04", T0);

        private static final int MAX = 100;

        private Optional<ReservedSigningKey> reserve(ReservedSigningKey k) {
            return reserve(k, T0.minusSeconds(1), MAX);
        }

        private Optional<ReservedSigningKey> reserve(ReservedSigningKey k, Instant notBefore, int max) {
            return store.inTransaction(tx -> AccountChanges.reserveSigningKey(tx, k, notBefore, max));
        }

        private Optional<ReservedSigningKey> take(String didOrKeyDid) {
            return take(didOrKeyDid, T0.minusSeconds(1));
        }

        private Optional<ReservedSigningKey> take(String didOrKeyDid, Instant notBefore) {
            return store.inTransaction(tx -> AccountChanges.takeReservedSigningKey(tx, didOrKeyDid, notBefore));
        }

        @Test
        void aDidsLiveReservationIsReturnedNeverReplaced() {
            assertEquals(Optional.of(forAlice1), reserve(forAlice1));
            reserve(anonymous1);
            reserve(anonymous2);
            assertEquals(Optional.of(forAlice1), reserve(forAlice2), "the existing reservation comes back");
            assertEquals(Optional.empty(), store.findReservedSigningKey("did:key:z2"), "the fresh key is not stored");
            assertEquals(Optional.of(forAlice1), store.findReservedSigningKeyForDid("did:plc:alice"));
            assertEquals(Optional.of(anonymous1), store.findReservedSigningKey("did:key:z3"));
            assertEquals(Optional.of(anonymous2), store.findReservedSigningKey("did:key:z4"));
        }

        @Test
        void expiredReservationsAreSweptAndAnExpiredOneIsReplaced() {
            reserve(forAlice1);
            reserve(anonymous1);
            // forAlice1 and anonymous1 were made at T0: with notBefore after T0 they are expired.
            assertEquals(Optional.of(forAlice2), reserve(forAlice2, T0.plusMillis(1), MAX));
            assertEquals(Optional.empty(), store.findReservedSigningKey("did:key:z1"));
            assertEquals(Optional.empty(), store.findReservedSigningKey("did:key:z3"));
            assertEquals(1, store.snapshot().reservations().size());
        }

        @Test
        void aFullStoreRefusesNewReservationsButReturnsExistingOnes() {
            assertEquals(Optional.of(forAlice1), reserve(forAlice1, T0.minusSeconds(1), 2));
            assertEquals(Optional.of(anonymous1), reserve(anonymous1, T0.minusSeconds(1), 2));
            MapStore.Rows full = store.snapshot();
            assertEquals(Optional.empty(), reserve(anonymous2, T0.minusSeconds(1), 2));
            assertEquals(Optional.of(forAlice1), reserve(forAlice2, T0.minusSeconds(1), 2));
            assertEquals(full, store.snapshot(), "a refused reservation writes nothing");
        }

        @Test
        void anExpiredReservationIsNeverTaken() {
            reserve(forAlice1);
            reserve(anonymous1);
            assertEquals(Optional.empty(), take("did:plc:alice", T0.plusMillis(1)));
            assertEquals(Optional.empty(), take("did:key:z3", T0.plusMillis(1)));
            assertEquals(0, store.snapshot().reservations().size(), "taking swept them");
        }

        @Test
        void aRestoredReservationIsBackAsItWas() {
            reserve(forAlice1);
            ReservedSigningKey taken = take("did:plc:alice").orElseThrow();
            store.inTransaction(tx -> {
                AccountChanges.restoreReservedSigningKey(tx, taken);
                return null;
            });
            assertEquals(Optional.of(forAlice1), store.findReservedSigningKeyForDid("did:plc:alice"));
        }

        @Test
        void takeFindsByDidThenByKeyDidAndRemovesWhatItTakes() {
            reserve(forAlice1);
            reserve(anonymous1);
            assertEquals(Optional.of(forAlice1), take("did:plc:alice"));
            assertEquals(Optional.empty(), take("did:plc:alice"));
            assertEquals(Optional.of(anonymous1), take("did:key:z3"));
            assertEquals(Optional.empty(), take("did:key:z3"));
            assertEquals(0, store.snapshot().reservations().size());
        }

        @Test
        void aReservationMadeForADidCanAlsoBeTakenByItsKey() {
            reserve(forAlice1);
            assertEquals(Optional.of(forAlice1), take("did:key:z1"));
            assertEquals(Optional.empty(), store.findReservedSigningKeyForDid("did:plc:alice"));
        }

        @Test
        void takingNothingWritesNothing() {
            reserve(anonymous1);
            MapStore.Rows before = store.snapshot();
            assertEquals(Optional.empty(), take("did:plc:nobody"));
            assertEquals(before, store.snapshot());
        }
    }
}
