package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.invite.AccountCodes;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeUseView;
import dev.pdsaccounts.invite.InviteCodeView;
import dev.pdsaccounts.invite.InviteCodesPage;
import dev.pdsaccounts.service.invite.InviteService;
import dev.pdsaccounts.invite.InviteSort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Invite codes end to end over the adapter under test: admin creation, spending through
 * {@code createAccount} (races, disabled codes, taken-down issuers), earning through
 * {@code getAccountInviteCodes} (the interval and epoch arithmetic, the cap of five unused earned codes under
 * concurrency, disabled accounts), the admin operations and listing, and every bad input's error.
 */
public interface InviteContract extends UseCaseFixture {

    /** The earning interval of the test services these tests build: one code a day. */
    Duration EARNING_INTERVAL = Duration.ofDays(1);

    // ----------------------------------------------------------------------------------------- helpers

    /** A test service over the same store whose accounts earn a code a day (epoch: the Unix epoch). */
    private TestPds earning() {
        return withConfig(b -> b.inviteInterval(EARNING_INTERVAL));
    }

    /** Signs up a new account on {@code t} with {@code code}; returns its DID. */
    private static String signup(TestPds t, String code) {
        String n = TestPds.randomName();
        return t.pds().accounts().createAccount(CreateAccountInput.builder().handle(n + TestPds.DOMAIN)
                .email(n + "@mail.test").password("pw").inviteCode(code).build()).did();
    }

    /** Asserts that signing up with {@code code} is refused as an unavailable invite, burning no use. */
    private static void assertUnusable(TestPds t, String code) {
        int usesBefore = t.store().findInviteCode(code).map(d -> d.uses().size()).orElse(0);
        LexiconException e = assertThrows(LexiconException.class, () -> signup(t, code), code);
        assertEquals(LexiconError.INVALID_INVITE_CODE, e.error(), e::toString);
        assertEquals("Provided invite code not available", e.getMessage());
        assertEquals(usesBefore, t.store().findInviteCode(code).map(d -> d.uses().size()).orElse(0));
    }

    private static LexiconException assertError(LexiconError error, Executable call) {
        LexiconException e = assertThrows(LexiconException.class, call);
        assertEquals(error, e.error(), e::toString);
        assertEquals(error.status(), e.status());
        return e;
    }

    private static void assertError(LexiconError error, String message, Executable call) {
        assertEquals(message, assertError(error, call).getMessage());
    }

    /** Earned codes of the account that are neither disabled nor used up, as stored. */
    private static long unusedEarned(TestPds t, String did) {
        return t.store().inviteCodesForAccount(did).stream()
                .filter(d -> d.code().isEarned() && !d.code().disabled() && !d.isUsedUp())
                .count();
    }

    private static List<InviteCodeDetails> earned(TestPds t, String did) {
        return t.store().inviteCodesForAccount(did).stream().filter(d -> d.code().isEarned()).toList();
    }

    private static List<String> codesOf(List<InviteCodeView> views) {
        return views.stream().map(InviteCodeView::code).toList();
    }

    // ------------------------------------------------------------------------------- spending (signup)

    /** Sixteen sign-ups racing one three-use code create exactly three accounts, round after round. */
    @Test
    default void sixteenSignupsRacingAThreeUseCodeCreateExactlyThreeAccounts() {
        int uses = 3;
        try (Race race = new Race(16)) {
            for (int round = 0; round < raceRounds(); round++) {
                String code = tp().pds().invites().createInviteCode(uses, Optional.empty());
                List<Boolean> created = race.run(i -> () -> {
                    try {
                        signup(tp(), code);
                        return true;
                    } catch (LexiconException e) {
                        assertEquals(LexiconError.INVALID_INVITE_CODE, e.error());
                        return false;
                    }
                });
                assertEquals(uses, created.stream().filter(b -> b).count(), "round " + round);
                InviteCodeDetails details = tp().store().findInviteCode(code).orElseThrow();
                assertEquals(uses, details.uses().size(), "round " + round);
                assertEquals(uses, new HashSet<>(details.uses().stream().map(u -> u.usedBy()).toList()).size());
            }
        }
    }

    /** Used-up and disabled codes are refused; a sign-up that fails for another reason burns no use. */
    @Test
    default void usedUpAndDisabledCodesAreRefusedAndFailedSignupsBurnNothing() {
        String code = tp().pds().invites().createInviteCode(2, Optional.empty());
        String first = signup(tp(), code);
        String taken = tp().store().findAccountByDid(first).orElseThrow().handle();
        LexiconException e = assertThrows(LexiconException.class, () -> tp().pds().accounts().createAccount(
                CreateAccountInput.builder().handle(taken).email(TestPds.randomName() + "@mail.test").password("pw")
                        .inviteCode(code).build()));
        assertEquals(LexiconError.HANDLE_NOT_AVAILABLE, e.error());
        assertEquals(1, tp().store().findInviteCode(code).orElseThrow().uses().size(), "failed sign-up burned a use");
        signup(tp(), code);
        assertUnusable(tp(), code);
        assertEquals(2, tp().store().findInviteCode(code).orElseThrow().uses().size());

        String disabled = tp().pds().invites().createInviteCode(5, Optional.empty());
        assertEquals(1, tp().pds().invites().disableInviteCodes(List.of(disabled), List.of()));
        assertUnusable(tp(), disabled);
        assertUnusable(tp(), "pds-test-aaaaa-bbbbb");
    }

    /**
     * The codes of a taken-down issuer (earned and admin-issued to it) stop working, and work again once the
     * takedown is lifted; the issuer cannot list its codes meanwhile.
     */
    @Test
    default void codesOfATakenDownIssuerStopWorkingUntilTheTakedownIsLifted() {
        TestPds earn = earning();
        String issuer = earn.createAccount(TestPds.randomName()).did();
        earn.clock().advance(EARNING_INTERVAL.multipliedBy(2));
        List<InviteCodeView> codes = earn.pds().invites().getAccountInviteCodes(issuer, true, true);
        assertEquals(2, codes.size());
        String earnedCode = codes.get(0).code();
        String gifted = earn.pds().invites().createInviteCode(2, Optional.of(issuer));
        String adminCode = earn.pds().invites().createInviteCode(1, Optional.empty());

        assertTrue(StoreSteps.updateTakedown(earn.store(), issuer, Optional.of("mod-1")));
        assertUnusable(earn, earnedCode);
        assertUnusable(earn, gifted);
        assertError(LexiconError.ACCOUNT_TAKEDOWN, () -> earn.pds().invites().getAccountInviteCodes(issuer, true, true));
        signup(earn, adminCode);

        assertTrue(StoreSteps.updateTakedown(earn.store(), issuer, Optional.empty()));
        String invitee = signup(earn, earnedCode);
        signup(earn, gifted);
        assertEquals(List.of(invitee), earn.store().findInviteCode(earnedCode).orElseThrow().uses().stream()
                .map(u -> u.usedBy()).toList());
        assertEquals(1, earn.store().findInviteCode(gifted).orElseThrow().uses().size());
    }

    // ------------------------------------------------------------------------------------------ earning

    /** Nothing is earned without an interval, with invites not required, or with createAvailable false. */
    @Test
    default void codesAreEarnedOnlyWhenRequiredWithAnIntervalAndCreateAvailable() {
        String plain = tp().createAccount(TestPds.randomName()).did();
        tp().clock().advance(EARNING_INTERVAL.multipliedBy(30));
        assertEquals(List.of(), tp().pds().invites().getAccountInviteCodes(plain, true, true));

        TestPds open = withConfig(b -> b.inviteRequired(false).inviteInterval(EARNING_INTERVAL));
        String openDid = signup(open, open.inviteCode());
        open.clock().advance(EARNING_INTERVAL.multipliedBy(30));
        assertEquals(List.of(), open.pds().invites().getAccountInviteCodes(openDid, true, true));

        TestPds earn = earning();
        String did = earn.createAccount(TestPds.randomName()).did();
        earn.clock().advance(EARNING_INTERVAL.multipliedBy(30));
        assertEquals(List.of(), earn.pds().invites().getAccountInviteCodes(did, true, false));
        assertEquals(List.of(), earn.store().inviteCodesForAccount(plain));
        assertEquals(List.of(), earn.store().inviteCodesForAccount(openDid));
        assertEquals(List.of(), earn.store().inviteCodesForAccount(did));
        assertEquals(5, earn.pds().invites().getAccountInviteCodes(did, true, true).size());
    }

    /**
     * An account created after the epoch earns one code per whole interval of its lifespan, each a one-use
     * code issued to and created by it, at most five unused at a time, refilled as they are used.
     */
    @Test
    default void accountCreatedAfterTheEpochEarnsOneCodePerIntervalUpToFiveUnused() {
        TestPds earn = earning();
        String did = earn.createAccount(TestPds.randomName()).did();
        Instant created = earn.store().findAccountByDid(did).orElseThrow().createdAt();
        InviteService invites = earn.pds().invites();
        assertEquals(List.of(), invites.getAccountInviteCodes(did, true, true));
        earn.clock().set(created.plus(EARNING_INTERVAL).minusMillis(1));
        assertEquals(List.of(), invites.getAccountInviteCodes(did, true, true), "just before one interval");
        earn.clock().set(created.plus(EARNING_INTERVAL));
        List<InviteCodeView> one = invites.getAccountInviteCodes(did, true, true);
        assertEquals(1, one.size(), "exactly one interval");
        InviteCodeView code = one.get(0);
        assertEquals(new InviteCodeView(code.code(), 1, false, did, did, created.plus(EARNING_INTERVAL), List.of()), code);
        assertTrue(code.code().matches("pds-test-[a-z2-7]{5}-[a-z2-7]{5}"), code.code());
        assertEquals(one, invites.getAccountInviteCodes(did, true, true), "no second code in the same interval");

        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(3)).plusMillis(1));
        assertEquals(3, invites.getAccountInviteCodes(did, true, true).size());
        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(10)));
        List<InviteCodeView> five = invites.getAccountInviteCodes(did, true, true);
        assertEquals(5, five.size(), "capped at five unused");
        assertEquals(five, invites.getAccountInviteCodes(did, true, true));

        signup(earn, five.get(0).code());
        signup(earn, five.get(3).code());
        assertEquals(3, invites.getAccountInviteCodes(did, false, false).size());
        List<InviteCodeView> refilled = invites.getAccountInviteCodes(did, false, true);
        assertEquals(5, refilled.size(), "refilled to five unused");
        assertTrue(refilled.stream().noneMatch(InviteCodeView::isUsedUp));
        List<InviteCodeView> all = invites.getAccountInviteCodes(did, true, true);
        assertEquals(7, all.size());
        assertEquals(2, all.stream().filter(InviteCodeView::isUsedUp).count());
        assertEquals(5, unusedEarned(earn, did));

        // Ten intervals, seven earned: three more are due once codes are used, and no more after that.
        for (InviteCodeView v : refilled) {
            signup(earn, v.code());
        }
        assertEquals(3, invites.getAccountInviteCodes(did, false, true).size());
        assertEquals(10, earned(earn, did).size());
        earn.clock().advance(EARNING_INTERVAL);
        assertEquals(4, invites.getAccountInviteCodes(did, false, true).size());
    }

    /**
     * An account created before the epoch earns only for the intervals after it:
     * ⌊lifespan / interval⌋ − ⌊(epoch − createdAt) / interval⌋.
     */
    @Test
    default void accountCreatedBeforeTheEpochEarnsOnlyForIntervalsAfterIt() {
        Instant epoch = StoreFixtures.T0.plus(Duration.ofHours(60));
        TestPds earn = withConfig(b -> b.inviteInterval(EARNING_INTERVAL).inviteEpoch(epoch));
        String did = earn.createAccount(TestPds.randomName()).did();
        Instant created = earn.store().findAccountByDid(did).orElseThrow().createdAt();
        assertEquals(StoreFixtures.T0, created);
        InviteService invites = earn.pds().invites();

        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(2)));
        assertEquals(List.of(), invites.getAccountInviteCodes(did, true, true), "before the epoch: 2 - 2");
        earn.clock().set(epoch.plusSeconds(1));
        assertEquals(List.of(), invites.getAccountInviteCodes(did, true, true), "just after the epoch: 2 - 2");
        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(3)).minusMillis(1));
        assertEquals(List.of(), invites.getAccountInviteCodes(did, true, true), "2 - 2");
        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(3)));
        assertEquals(1, invites.getAccountInviteCodes(did, true, true).size(), "3 - 2");
        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(4)));
        assertEquals(2, invites.getAccountInviteCodes(did, true, true).size(), "4 - 2");
        earn.clock().set(created.plus(EARNING_INTERVAL.multipliedBy(40)));
        assertEquals(5, invites.getAccountInviteCodes(did, true, true).size(), "capped");
    }

    /** Codes earned before a new epoch still count as unused, but not against the new epoch's allowance. */
    @Test
    default void codesEarnedBeforeANewEpochDoNotCountAgainstIt() {
        TestPds before = earning();
        String did = before.createAccount(TestPds.randomName()).did();
        before.clock().advance(EARNING_INTERVAL.multipliedBy(3));
        List<InviteCodeView> old = before.pds().invites().getAccountInviteCodes(did, true, true);
        assertEquals(3, old.size());

        Instant epoch = StoreFixtures.T0.plus(EARNING_INTERVAL.multipliedBy(3)).plus(Duration.ofHours(1));
        TestPds after = withConfig(b -> b.inviteInterval(EARNING_INTERVAL).inviteEpoch(epoch));
        // couldCreate = floor(5d1h / 1d) - floor(3d1h / 1d) = 2; epochCodes = 0; unused = 3: two more.
        after.clock().set(StoreFixtures.T0.plus(EARNING_INTERVAL.multipliedBy(5)).plus(Duration.ofHours(1)));
        assertEquals(5, after.pds().invites().getAccountInviteCodes(did, true, true).size());
        signup(after, old.get(0).code());
        signup(after, old.get(1).code());
        assertEquals(3, after.pds().invites().getAccountInviteCodes(did, false, true).size(),
                "the two of this epoch are already earned");
        after.clock().advance(EARNING_INTERVAL);
        assertEquals(4, after.pds().invites().getAccountInviteCodes(did, false, true).size());
    }

    /**
     * While an account's invites are disabled its earned codes are created disabled (and hidden); existing
     * codes are untouched; disabled codes still count as earned, so enabling again earns only new intervals.
     */
    @Test
    default void accountWithInvitesDisabledEarnsDisabledHiddenCodes() {
        TestPds earn = earning();
        String did = earn.createAccount(TestPds.randomName()).did();
        InviteService invites = earn.pds().invites();
        earn.clock().advance(EARNING_INTERVAL);
        List<InviteCodeView> before = invites.getAccountInviteCodes(did, true, true);
        assertEquals(1, before.size());

        invites.disableAccountInvites(did, Optional.of("spam"));
        assertTrue(earn.store().findAccountByDid(did).orElseThrow().invitesDisabled());
        earn.clock().advance(EARNING_INTERVAL.multipliedBy(2));
        assertEquals(before, invites.getAccountInviteCodes(did, true, true), "new codes are hidden");
        List<InviteCodeDetails> stored = earned(earn, did);
        assertEquals(3, stored.size());
        assertEquals(2, stored.stream().filter(d -> d.code().disabled()).count());
        for (InviteCodeDetails d : stored) {
            if (d.code().disabled()) {
                assertUnusable(earn, d.code().code());
            }
        }
        signup(earn, before.get(0).code());

        invites.enableAccountInvites(did, Optional.empty());
        assertFalse(earn.store().findAccountByDid(did).orElseThrow().invitesDisabled());
        assertEquals(List.of(), invites.getAccountInviteCodes(did, false, true), "three intervals, three earned");
        earn.clock().advance(EARNING_INTERVAL);
        List<InviteCodeView> after = invites.getAccountInviteCodes(did, false, true);
        assertEquals(1, after.size());
        assertFalse(after.get(0).disabled());
        signup(earn, after.get(0).code());
    }

    /** Admin-issued codes are listed with the earned ones but do not count against the earning cap. */
    @Test
    default void adminIssuedCodesAreListedButNotCounted() {
        TestPds earn = earning();
        String did = earn.createAccount(TestPds.randomName()).did();
        String gifted = earn.pds().invites().createInviteCode(3, Optional.of(did));
        earn.clock().advance(EARNING_INTERVAL.multipliedBy(20));
        List<InviteCodeView> codes = earn.pds().invites().getAccountInviteCodes(did, true, true);
        assertEquals(6, codes.size());
        assertEquals(gifted, codes.get(0).code(), "oldest first");
        assertEquals(new InviteCodeView(gifted, 3, false, did, InviteCode.ADMIN, StoreFixtures.T0, List.of()),
                codes.get(0));
        assertEquals(5, unusedEarned(earn, did));
    }

    /**
     * Eight concurrent getAccountInviteCodes of one account, round after round with 5+ codes earnable: never
     * more than five unused earned codes, and every loser fails with DuplicateCreate having created nothing.
     * The service runs over the store under test wrapped to pause briefly after reading the account's codes,
     * so the callers' read-then-insert windows overlap every round (the store still decides the race).
     */
    @Test
    default void concurrentGetAccountInviteCodesNeverExceedFiveUnusedEarnedCodes() {
        TestPds earn = TestPds.over(PausingStore.pausingAfter(tp().store(), Set.of("inviteCodesForAccount")),
                b -> b.inviteInterval(EARNING_INTERVAL));
        int duplicateCreates = 0;
        String did = earn.createAccount(TestPds.randomName()).did();
        int threads = 8;
        try (Race race = new Race(threads)) {
            for (int round = 0; round < raceRounds(); round++) {
                earn.clock().advance(EARNING_INTERVAL.multipliedBy(10));
                List<Object> results = race.run(i -> () -> {
                    try {
                        return earn.pds().invites().getAccountInviteCodes(did, i % 2 == 0, true);
                    } catch (LexiconException e) {
                        return e;
                    }
                });
                int failures = 0;
                for (Object result : results) {
                    if (result instanceof LexiconException e) {
                        assertEquals(LexiconError.DUPLICATE_CREATE, e.error(), e::toString);
                        assertEquals(400, e.status());
                        assertEquals("attempted to create additional codes in another request", e.getMessage());
                        failures++;
                    } else {
                        @SuppressWarnings("unchecked")
                        List<InviteCodeView> views = (List<InviteCodeView>) result;
                        long unused = views.stream().filter(v -> !v.createdBy().equals(InviteCode.ADMIN))
                                .filter(v -> !v.isUsedUp()).count();
                        assertTrue(unused <= PdsConfig.MAX_UNUSED_EARNED_CODES, "round " + round + ": " + unused);
                    }
                }
                assertTrue(failures < threads, "round " + round + ": nobody won");
                duplicateCreates += failures;
                assertEquals(PdsConfig.MAX_UNUSED_EARNED_CODES, unusedEarned(earn, did), "round " + round);
                assertEquals(PdsConfig.MAX_UNUSED_EARNED_CODES + 2L * round, earned(earn, did).size(),
                        "round " + round);
                // Spend two so the next round has codes to earn again.
                List<InviteCodeDetails> unused = earned(earn, did).stream().filter(d -> !d.isUsedUp()).toList();
                signup(earn, unused.get(0).code().code());
                signup(earn, unused.get(1).code().code());
            }
        }
        assertTrue(duplicateCreates > 0, "the calls never overlapped: the race was not exercised");
    }

    /** getAccountInviteCodes refuses malformed, unknown and taken-down accounts. */
    @Test
    default void getAccountInviteCodesRefusesUnknownAndTakenDownAccounts() {
        TestPds earn = earning();
        InviteService invites = earn.pds().invites();
        assertError(LexiconError.ACCOUNT_NOT_FOUND, "Account not found",
                () -> invites.getAccountInviteCodes("did:plc:" + StoreFixtures.randomBase32(24), true, true));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.getAccountInviteCodes("bob", true, true));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.getAccountInviteCodes(null, true, true));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.getAccountInviteCodes("", false, false));
        String did = earn.createAccount(TestPds.randomName()).did();
        earn.clock().advance(EARNING_INTERVAL.multipliedBy(3));
        StoreSteps.updateTakedown(earn.store(), did, Optional.of("mod"));
        assertError(LexiconError.ACCOUNT_TAKEDOWN, "Account has been taken down",
                () -> invites.getAccountInviteCodes(did, true, true));
        assertEquals(List.of(), earn.store().inviteCodesForAccount(did), "nothing earned while taken down");
        StoreSteps.deleteAccount(earn.store(), did);
        assertError(LexiconError.ACCOUNT_NOT_FOUND, () -> invites.getAccountInviteCodes(did, true, true));
    }

    // --------------------------------------------------------------------------------------- admin side

    /** createInviteCodes makes codeCount codes per account, each with the given uses, issued by "admin". */
    @Test
    default void createInviteCodesMakesCodesForEveryAccount() {
        String did = tp().createAccount(TestPds.randomName()).did();
        tp().clock().advance(Duration.ofMinutes(5));
        Instant now = tp().clock().instant();
        List<AccountCodes> made = tp().pds().invites().createInviteCodes(3, 4, List.of(did, InviteCode.ADMIN));
        assertEquals(List.of(did, InviteCode.ADMIN), made.stream().map(AccountCodes::account).toList());
        Set<String> all = new HashSet<>();
        for (AccountCodes ac : made) {
            assertEquals(3, ac.codes().size());
            for (String code : ac.codes()) {
                assertTrue(code.matches("pds-test-[a-z2-7]{5}-[a-z2-7]{5}"), code);
                assertTrue(all.add(code), "duplicate code");
                assertEquals(new InviteCodeDetails(new InviteCode(code, 4, false, ac.account(), InviteCode.ADMIN,
                        now), List.of()), tp().store().findInviteCode(code).orElseThrow());
            }
        }
        List<AccountCodes> defaulted = tp().pds().invites().createInviteCodes(2, 1, null);
        assertEquals(InviteCode.ADMIN, defaulted.get(0).account());
        assertEquals(2, defaulted.get(0).codes().size());
        String single = tp().pds().invites().createInviteCode(7, null);
        assertEquals(InviteCode.ADMIN, tp().store().findInviteCode(single).orElseThrow().code().forAccount());

        TestPds small = withConfig(b -> b.maxInviteCodesPerRequest(6).maxInviteCodeUses(10));
        assertEquals(2, small.pds().invites().createInviteCodes(3, 10, List.of(did, did)).size());
        assertError(LexiconError.INVALID_REQUEST, () -> small.pds().invites().createInviteCodes(7, 1, List.of()));
        assertError(LexiconError.INVALID_REQUEST, () -> small.pds().invites().createInviteCode(11, Optional.empty()));
    }

    /** Every bad argument of createInviteCode(s) is an InvalidRequest, and nothing is created. */
    @Test
    default void createInviteCodesRejectsBadInputAndCreatesNothing() {
        InviteService invites = tp().pds().invites();
        String did = "did:plc:" + StoreFixtures.randomBase32(24);
        List<Executable> bad = List.of(
                () -> invites.createInviteCode(0, Optional.empty()),
                () -> invites.createInviteCode(-1, Optional.empty()),
                () -> invites.createInviteCode(Integer.MIN_VALUE, Optional.empty()),
                () -> invites.createInviteCode(PdsConfig.DEFAULT_MAX_INVITE_CODE_USES + 1, Optional.empty()),
                () -> invites.createInviteCode(Integer.MAX_VALUE, Optional.of(did)),
                () -> invites.createInviteCode(1, Optional.of("bob")),
                () -> invites.createInviteCode(1, Optional.of("")),
                () -> invites.createInviteCode(1, Optional.of("did:PLC:abc")),
                () -> invites.createInviteCode(1, Optional.of("did:plc:" + "a".repeat(3000))),
                () -> invites.createInviteCodes(0, 1, List.of(did)),
                () -> invites.createInviteCodes(-3, 1, List.of(did)),
                () -> invites.createInviteCodes(Integer.MIN_VALUE, 1, null),
                () -> invites.createInviteCodes(Integer.MAX_VALUE, 1, null),
                () -> invites.createInviteCodes(PdsConfig.DEFAULT_MAX_INVITE_CODES_PER_REQUEST + 1, 1, null),
                () -> invites.createInviteCodes(500, 1, List.of(did, did, InviteCode.ADMIN)),
                () -> invites.createInviteCodes(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of(did, did)),
                () -> invites.createInviteCodes(1, 0, List.of(did)),
                () -> invites.createInviteCodes(1, 1, List.of(did, "not-a-did")),
                () -> invites.createInviteCodes(1, 1, Arrays.asList(did, null)),
                () -> invites.createInviteCodes(1, 1, java.util.Collections.nCopies(100_000, did)));
        for (Executable call : bad) {
            assertError(LexiconError.INVALID_REQUEST, call);
        }
        for (InviteSort sort : InviteSort.values()) {
            assertEquals(List.of(), tp().store().listInviteCodes(sort, 10, Optional.empty()).codes(),
                    "a rejected request created codes");
        }
    }

    /** Admins disable codes by code and by account; disabled codes are refused and hidden from their owner. */
    @Test
    default void adminDisablesCodesByCodeAndByAccount() {
        InviteService invites = tp().pds().invites();
        String a = tp().createAccount(TestPds.randomName()).did();
        String b = tp().createAccount(TestPds.randomName()).did();
        String c1 = invites.createInviteCode(2, Optional.empty());
        String c2 = invites.createInviteCode(2, Optional.empty());
        List<String> ofA = invites.createInviteCodes(2, 1, List.of(a)).get(0).codes();
        String ofB = invites.createInviteCode(1, Optional.of(b));

        assertEquals(1, invites.disableInviteCodes(List.of(c1, "pds-test-zzzzz-zzzzz"), null));
        assertTrue(tp().store().findInviteCode(c1).orElseThrow().code().disabled());
        assertUnusable(tp(), c1);
        signup(tp(), c2);

        assertEquals(2, invites.getAccountInviteCodes(a, true, true).size());
        assertEquals(2, invites.disableInviteCodes(null, List.of(a, "did:plc:nobody")));
        for (String code : ofA) {
            assertUnusable(tp(), code);
        }
        assertEquals(List.of(), invites.getAccountInviteCodes(a, true, true), "disabled codes are hidden");
        assertEquals(2, invites.invitesFor(a).size(), "the admin view still shows them");
        assertTrue(invites.invitesFor(a).stream().allMatch(InviteCodeView::disabled));

        assertError(LexiconError.INVALID_REQUEST, "cannot disable admin invite codes",
                () -> invites.disableInviteCodes(List.of(c2), List.of(b, InviteCode.ADMIN)));
        assertFalse(tp().store().findInviteCode(c2).orElseThrow().code().disabled(), "a refused call disabled");
        assertFalse(tp().store().findInviteCode(ofB).orElseThrow().code().disabled(), "a refused call disabled");
        assertError(LexiconError.INVALID_REQUEST,
                () -> invites.disableInviteCodes(Arrays.asList(c2, null), List.of()));
        assertError(LexiconError.INVALID_REQUEST,
                () -> invites.disableInviteCodes(List.of(), Arrays.asList(b, null)));
        signup(tp(), c2);
        signup(tp(), ofB);
        assertEquals(0, invites.disableInviteCodes(List.of(c1), List.of(a)), "already disabled");
        assertEquals(0, invites.disableInviteCodes(null, null));
    }

    /** enable/disableAccountInvites flip the account's flag; unknown accounts and bad DIDs are errors. */
    @Test
    default void enableAndDisableAccountInvitesNeedAnExistingAccount() {
        InviteService invites = tp().pds().invites();
        String did = tp().createAccount(TestPds.randomName()).did();
        invites.disableAccountInvites(did, Optional.empty());
        invites.disableAccountInvites(did, null);
        assertTrue(tp().store().findAccountByDid(did).orElseThrow().invitesDisabled());
        invites.enableAccountInvites(did, Optional.of("ok again"));
        assertFalse(tp().store().findAccountByDid(did).orElseThrow().invitesDisabled());
        String unknown = "did:plc:" + StoreFixtures.randomBase32(24);
        assertError(LexiconError.ACCOUNT_NOT_FOUND, () -> invites.enableAccountInvites(unknown, Optional.empty()));
        assertError(LexiconError.ACCOUNT_NOT_FOUND, () -> invites.disableAccountInvites(unknown, Optional.empty()));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.disableAccountInvites("alice.test", Optional.empty()));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.enableAccountInvites(null, Optional.empty()));
    }

    /** invitesFor lists the codes issued to an account; invitedBy is the code it signed up with. */
    @Test
    default void invitesForAndInvitedByFeedTheAdminAccountView() {
        InviteService invites = tp().pds().invites();
        String signupCode = tp().inviteCode();
        String issuer = signup(tp(), signupCode);
        InviteCodeView invitedBy = invites.invitedBy(issuer).orElseThrow();
        assertEquals(signupCode, invitedBy.code());
        assertEquals(List.of(new InviteCodeUseView(issuer, StoreFixtures.T0)), invitedBy.uses());

        tp().clock().advance(Duration.ofSeconds(1));
        String g1 = invites.createInviteCode(2, Optional.of(issuer));
        tp().clock().advance(Duration.ofSeconds(1));
        String g2 = invites.createInviteCode(1, Optional.of(issuer));
        String invitee = signup(tp(), g1);
        assertEquals(List.of(g1, g2), codesOf(invites.invitesFor(issuer)));
        InviteCodeView viaG1 = invites.invitedBy(invitee).orElseThrow();
        assertEquals(g1, viaG1.code());
        assertEquals(2, viaG1.available());
        assertEquals(issuer, viaG1.forAccount());
        assertEquals(List.of(invitee), viaG1.uses().stream().map(InviteCodeUseView::usedBy).toList());

        TestPds open = withConfig(b -> b.inviteRequired(false));
        String n = TestPds.randomName();
        String noCode = open.pds().accounts().createAccount(CreateAccountInput.builder().handle(n + TestPds.DOMAIN)
                .email(n + "@mail.test").password("pw").build()).did();
        assertEquals(Optional.empty(), invites.invitedBy(noCode));
        assertEquals(List.of(), invites.invitesFor(noCode));
        assertEquals(List.of(), invites.invitesFor("did:plc:" + StoreFixtures.randomBase32(24)));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.invitesFor("nope"));
        assertError(LexiconError.INVALID_REQUEST, () -> invites.invitedBy(null));
    }

    /**
     * Paging getInviteCodes through ~60 codes with many equal createdAt values and equal use counts visits
     * every code exactly once, in descending (primary, code) order, for limits 1, 7 and 500.
     *
     * @param sort the listing order under test
     */
    @ParameterizedTest
    @EnumSource(InviteSort.class)
    default void getInviteCodesPagingVisitsEveryCodeExactlyOnce(InviteSort sort) {
        InviteService invites = tp().pds().invites();
        List<String> codes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            codes.addAll(invites.createInviteCodes(15, 3, null).get(0).codes());
            tp().clock().advance(Duration.ofMillis(1 + t));
        }
        Map<String, Integer> uses = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            int count = i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
            for (int u = 0; u < count; u++) {
                signup(tp(), codes.get(i));
            }
            uses.put(codes.get(i), count);
        }
        Map<String, Instant> createdAt = new HashMap<>();
        for (String code : codes) {
            createdAt.put(code, tp().store().findInviteCode(code).orElseThrow().code().createdAt());
        }
        ToLongFunction<String> primary = sort == InviteSort.RECENT
                ? c -> createdAt.get(c).toEpochMilli()
                : c -> uses.get(c);
        List<String> expected = codes.stream()
                .sorted(Comparator.comparingLong(primary).thenComparing(Comparator.naturalOrder()).reversed())
                .toList();
        String sortName = sort == InviteSort.RECENT ? InviteService.SORT_RECENT : InviteService.SORT_USAGE;

        for (int limit : new int[] {1, 7, 500}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                InviteCodesPage page = invites.getInviteCodes(sortName, limit, cursor);
                assertTrue(page.codes().size() <= limit, "page larger than the limit");
                for (InviteCodeView v : page.codes()) {
                    seen.add(v.code());
                    assertEquals(uses.get(v.code()), v.uses().size());
                    assertEquals(3, v.available());
                }
                if (page.cursor().isPresent()) {
                    String last = page.codes().get(page.codes().size() - 1).code();
                    assertEquals(primary.applyAsLong(last) + "::" + last, page.cursor().get());
                }
                cursor = page.cursor().orElse(null);
                assertTrue(++pages <= codes.size() + 1, "paging does not end");
            } while (cursor != null);
            assertEquals(expected, seen, sort + " limit " + limit);
            assertEquals(seen.size(), new HashSet<>(seen).size(), "a code was listed twice");
        }
        if (sort == InviteSort.RECENT) {
            assertEquals(expected.subList(0, 10), codesOf(invites.getInviteCodes(null, 10, null).codes()),
                    "recent is the default");
            assertEquals(expected.subList(0, 10), codesOf(invites.getInviteCodes(null, 10, "").codes()));
        }
    }

    /** Every bad getInviteCodes argument is an InvalidRequest with the reference's message. */
    @Test
    default void getInviteCodesRejectsBadSortLimitAndCursor() {
        InviteService invites = tp().pds().invites();
        String code = invites.createInviteCode(1, Optional.empty());
        for (String sort : new String[] {"oldest", "RECENT", "Usage", "", " recent", "recent\u0000"}) {
            assertError(LexiconError.INVALID_REQUEST, "unknown sort method",
                    () -> invites.getInviteCodes(sort, 10, null));
        }
        for (int limit : new int[] {0, -1, InviteService.MAX_LIST_LIMIT + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertError(LexiconError.INVALID_REQUEST, () -> invites.getInviteCodes("recent", limit, null));
        }
        for (String cursor : new String[] {"abc", "::" + code, "12::", "x::" + code, "12:" + code, "1.5::c",
                "99999999999999999999::c", "--1::c", "-::c", "12::a::b", " 12::c", "+12::c", "::", "1" + "0".repeat(2000)
                + "::c"}) {
            assertError(LexiconError.INVALID_REQUEST, "malformed cursor",
                    () -> invites.getInviteCodes("usage", 10, cursor));
        }
        assertEquals(List.of(code), codesOf(invites.getInviteCodes("usage", 10, "5::zzz").codes()));
        assertEquals(List.of(), invites.getInviteCodes("recent", 10, "-5::c").codes());
        assertEquals(List.of(code), codesOf(invites.getInviteCodes("recent", InviteService.MAX_LIST_LIMIT,
                Long.MAX_VALUE + "::x").codes()));
        assertEquals(Optional.empty(), invites.getInviteCodes("recent", InviteService.DEFAULT_LIST_LIMIT, null).cursor());
    }

    // ------------------------------------------------------------------------------------------ property

    /**
     * Random sequences of create / use (sign-up) / disable / takedown-issuer / earn operations: every sign-up
     * succeeds exactly when the model says the code is available, and after every step no code has more uses
     * than availableUses (remaining uses never negative) and no account holds more than five unused earned
     * codes.
     */
    @Test
    default void randomInviteOperationsNeverOverspendACode() {
        TestPds t = earning();
        InviteService invites = t.pds().invites();
        SeededProperty.forAll(30, r -> {
            Map<String, InviteModelCode> codes = new LinkedHashMap<>();
            List<String> accounts = new ArrayList<>();
            Set<String> takenDown = new HashSet<>();
            String seedCode = invites.createInviteCode(2, Optional.empty());
            codes.put(seedCode, new InviteModelCode(2, InviteCode.ADMIN));
            accounts.add(useAndRecord(t, codes, seedCode, true));
            for (int step = 0; step < 20; step++) {
                String op;
                switch (r.nextInt(6)) {
                    case 0 -> {
                        String owner = r.nextInt(3) == 0 ? InviteCode.ADMIN : pick(r, accounts);
                        int n = 1 + r.nextInt(3);
                        String code = invites.createInviteCode(n, Optional.of(owner));
                        codes.put(code, new InviteModelCode(n, owner));
                        op = "create " + code + " x" + n + " for " + owner;
                    }
                    case 1, 2 -> {
                        String code = pick(r, new ArrayList<>(codes.keySet()));
                        InviteModelCode m = codes.get(code);
                        boolean expected = !m.disabled && m.uses < m.available && !takenDown.contains(m.forAccount);
                        String did = useAndRecord(t, codes, code, expected);
                        if (did != null) {
                            accounts.add(did);
                        }
                        op = "use " + code + " expecting " + expected;
                    }
                    case 3 -> {
                        if (r.nextBoolean()) {
                            String code = pick(r, new ArrayList<>(codes.keySet()));
                            invites.disableInviteCodes(List.of(code), List.of());
                            codes.get(code).disabled = true;
                            op = "disable " + code;
                        } else {
                            String account = pick(r, accounts);
                            invites.disableInviteCodes(List.of(), List.of(account));
                            codes.values().stream().filter(m -> m.forAccount.equals(account))
                                    .forEach(m -> m.disabled = true);
                            op = "disable codes of " + account;
                        }
                    }
                    case 4 -> {
                        String account = pick(r, accounts);
                        boolean down = !takenDown.contains(account);
                        assertTrue(StoreSteps.updateTakedown(t.store(), account, down ? Optional.of("mod") : Optional.empty()));
                        if (down) {
                            takenDown.add(account);
                        } else {
                            takenDown.remove(account);
                        }
                        op = (down ? "take down " : "restore ") + account;
                    }
                    default -> {
                        String account = pick(r, accounts);
                        t.clock().advance(Duration.ofHours(r.nextInt(80)));
                        op = "earn for " + account;
                        if (takenDown.contains(account)) {
                            assertError(LexiconError.ACCOUNT_TAKEDOWN,
                                    () -> invites.getAccountInviteCodes(account, true, true));
                        } else {
                            for (InviteCodeView v : invites.getAccountInviteCodes(account, r.nextBoolean(), true)) {
                                codes.putIfAbsent(v.code(), new InviteModelCode(v.available(), v.forAccount()));
                            }
                        }
                    }
                }
                for (Map.Entry<String, InviteModelCode> e : codes.entrySet()) {
                    InviteCodeDetails d = t.store().findInviteCode(e.getKey()).orElseThrow();
                    InviteModelCode m = e.getValue();
                    String ctx = "after step " + step + " (" + op + "): " + e.getKey();
                    assertTrue(d.code().availableUses() - d.uses().size() >= 0, ctx + " overspent");
                    assertEquals(m.available, d.code().availableUses(), ctx);
                    assertEquals(m.uses, d.uses().size(), ctx);
                    assertEquals(m.disabled, d.code().disabled(), ctx);
                }
                for (String account : accounts) {
                    assertTrue(unusedEarned(t, account) <= PdsConfig.MAX_UNUSED_EARNED_CODES, account);
                }
            }
        });
    }

    private static String pick(SplittableRandom r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }

    /** Signs up with {@code code}, asserting the outcome the model expects; returns the new DID or null. */
    private static String useAndRecord(TestPds t, Map<String, InviteModelCode> codes, String code, boolean expected) {
        if (!expected) {
            assertUnusable(t, code);
            return null;
        }
        String did = signup(t, code);
        codes.get(code).uses++;
        return did;
    }
}
