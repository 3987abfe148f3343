package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.UseCaseAsserts.emailOf;
import static dev.pdsaccounts.testkit.UseCaseAsserts.mailedToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.events.AccountEvent;
import dev.pdsaccounts.events.AccountStatusEvent;
import dev.pdsaccounts.events.IdentityEvent;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.RecommendedDidCredentials;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.service.identity.AccountImport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Account events over the adapter under test: each committed change publishes exactly one event, after commit
 * (the store already shows the change when the listener runs), with the DID and the new state; a change that
 * failed, changed nothing or lost a race publishes nothing; a failing listener neither undoes nor fails the change.
 */
public interface AccountEventsContract extends UseCaseFixture {

    /**
     * The recorder of the current test, emptied, checking on each event that the store, read from another thread
     * (outside any transaction of the publishing thread), already shows its change: so it was published after
     * commit. A store that would still lock or hide the change makes the check fail.
     */
    private RecordingAccountEvents events() {
        RecordingAccountEvents events = tp().events();
        events.clear();
        events.checkEach(event -> {
            Optional<Account> stored = readElsewhere(event.did());
            if (event instanceof IdentityEvent identity) {
                assertEquals(Optional.of(identity.handle()), stored.map(Account::handle),
                        "the store shows the identity change when its event is published: " + event);
            } else if (event instanceof AccountStatusEvent status) {
                assertEquals(status.status(), stored.map(Account::status).orElse(AccountStatus.DELETED),
                        "the store shows the status change when its event is published: " + event);
            }
        });
        return events;
    }

    private Optional<Account> readElsewhere(String did) {
        CompletableFuture<Optional<Account>> read = CompletableFuture.supplyAsync(
                () -> tp().store().findAccountByDid(did));
        try {
            return read.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the store could not be read while the event was published: "
                    + "it was published inside the transaction", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the store read failed: " + e.getCause(), e.getCause());
        } finally {
            read.cancel(true);
        }
    }

    private PdsAccounts pds() {
        return tp().pds();
    }

    private static void assertNothing(RecordingAccountEvents events, Runnable call) {
        List<AccountEvent> before = events.all();
        assertThrows(LexiconException.class, call::run);
        assertEquals(before, events.all(), "a failed change publishes nothing");
    }

    private void assertStatusEvent(AccountEvent event, String did, AccountStatusEvent.Change change,
                                   AccountStatus status) {
        AccountStatusEvent e = assertInstance(AccountStatusEvent.class, event);
        assertEquals(did, e.did());
        assertEquals(change, e.change());
        assertEquals(status, e.status());
        assertEquals(status == AccountStatus.ACTIVE, e.active());
        assertEquals(status.lexiconValue(), e.lexiconStatus());
        assertEquals(tp().clock().instant(), e.time());
    }

    private static <T> T assertInstance(Class<T> type, Object value) {
        assertTrue(type.isInstance(value), () -> "expected a " + type.getSimpleName() + ": " + value);
        return type.cast(value);
    }

    // ------------------------------------------------------------------------------------ identity

    /** A new account: one {@code CREATED} identity event with its handle. */
    @Test
    default void creatingAnAccountPublishesOneCreatedEvent() {
        RecordingAccountEvents events = events();
        CreateAccountOutput out = tp().createAccount(TestPds.randomName());
        assertEquals(List.of(new IdentityEvent(out.did(), out.handle(), IdentityEvent.Change.CREATED,
                tp().clock().instant())), events.all());
    }

    /** A refused sign-up (taken handle, taken email, used invite, bad password) publishes nothing. */
    @Test
    default void aRefusedSignUpPublishesNothing() {
        CreateAccountOutput taken = tp().createAccount(TestPds.randomName());
        RecordingAccountEvents events = events();
        String name = TestPds.randomName();
        String used = tp().inviteCode();
        assertNothing(events, () -> pds().accounts().createAccount(CreateAccountInput.builder()
                .handle(taken.handle()).email(name + "x@mail.test").password(TestPds.PASSWORD)
                .inviteCode(tp().inviteCode()).build()));
        assertNothing(events, () -> pds().accounts().createAccount(CreateAccountInput.builder()
                .handle(name + "x" + TestPds.DOMAIN).email(emailOf(taken.handle())).password(TestPds.PASSWORD)
                .inviteCode(tp().inviteCode()).build()));
        pds().accounts().createAccount(CreateAccountInput.builder().handle(name + "y" + TestPds.DOMAIN)
                .email(name + "y@mail.test").password(TestPds.PASSWORD).inviteCode(used).build());
        events.clear();
        assertNothing(events, () -> pds().accounts().createAccount(CreateAccountInput.builder()
                .handle(name + "z" + TestPds.DOMAIN).email(name + "z@mail.test").password(TestPds.PASSWORD)
                .inviteCode(used).build()));
        assertNothing(events, () -> pds().accounts().createAccount(CreateAccountInput.builder()
                .handle(name + "w" + TestPds.DOMAIN).email(name + "w@mail.test").password("p".repeat(300))
                .inviteCode(tp().inviteCode()).build()));
    }

    /** Sign-ups racing for one handle: one account, one event. */
    @Test
    default void racingSignUpsPublishOnlyTheWinnersEvent() {
        try (Race race = new Race(3)) {
            int rounds = Math.max(1, raceRounds() / 10);
            for (int round = 0; round < rounds; round++) {
                String name = TestPds.randomName();
                List<String> codes = List.of(tp().inviteCode(), tp().inviteCode(), tp().inviteCode());
                RecordingAccountEvents events = events();
                List<Optional<String>> won = race.run(i -> () -> {
                    try {
                        return Optional.of(pds().accounts().createAccount(CreateAccountInput.builder()
                                .handle(name + TestPds.DOMAIN).email(name + i + "@mail.test")
                                .password(TestPds.PASSWORD).inviteCode(codes.get(i)).build()).did());
                    } catch (LexiconException e) {
                        return Optional.<String>empty();
                    }
                });
                List<String> winners = won.stream().flatMap(Optional::stream).toList();
                assertEquals(1, winners.size(), "round " + round);
                assertEquals(List.of(new IdentityEvent(winners.get(0), name + TestPds.DOMAIN,
                        IdentityEvent.Change.CREATED, tp().clock().instant())), events.all(), "round " + round);
            }
        }
    }

    /** A handle change by the owner or an admin: one {@code HANDLE_CHANGED} event each; no-ops and refusals none. */
    @Test
    default void aHandleChangePublishesOneEventAndANoOpOrRefusalNone() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        CreateAccountOutput other = tp().createAccount(TestPds.randomName());
        RecordingAccountEvents events = events();
        String first = TestPds.randomName() + TestPds.DOMAIN;
        pds().accounts().updateHandle(acct.did(), first.toUpperCase(java.util.Locale.ROOT));
        assertEquals(List.of(new IdentityEvent(acct.did(), first, IdentityEvent.Change.HANDLE_CHANGED,
                tp().clock().instant())), events.all());

        events.clear();
        assertEquals(first, pds().accounts().updateHandle(acct.did(), first));
        assertEquals(List.of(), events.all(), "setting the handle one has changes nothing");
        assertNothing(events, () -> pds().accounts().updateHandle(acct.did(), other.handle()));
        assertNothing(events, () -> pds().accounts().updateHandle(acct.did(), "not a handle"));
        assertNothing(events, () -> pds().admin().updateAccountHandle(StoreFixtures.randomDid(),
                TestPds.randomName() + TestPds.DOMAIN));

        String second = TestPds.randomName() + TestPds.DOMAIN;
        pds().admin().updateAccountHandle(acct.did(), second);
        assertEquals(List.of(new IdentityEvent(acct.did(), second, IdentityEvent.Change.HANDLE_CHANGED,
                tp().clock().instant())), events.all());
    }

    /** Two accounts racing for one handle: only the winner's change is published. */
    @Test
    default void racingHandleUpdatesPublishOnlyTheWinnersEvent() {
        try (Race race = new Race(2)) {
            int rounds = Math.max(1, raceRounds() / 5);
            for (int round = 0; round < rounds; round++) {
                List<CreateAccountOutput> racers = List.of(tp().createAccount(TestPds.randomName()),
                        tp().createAccount(TestPds.randomName()));
                String wanted = TestPds.randomName() + TestPds.DOMAIN;
                RecordingAccountEvents events = events();
                List<Boolean> won = race.run(i -> () -> {
                    try {
                        pds().accounts().updateHandle(racers.get(i).did(), wanted);
                        return true;
                    } catch (LexiconException e) {
                        return false;
                    }
                });
                assertEquals(1, won.stream().filter(b -> b).count(), "round " + round);
                String winner = racers.get(won.get(0) ? 0 : 1).did();
                assertEquals(List.of(new IdentityEvent(winner, wanted, IdentityEvent.Change.HANDLE_CHANGED,
                        tp().clock().instant())), events.all(), "round " + round);
            }
        }
    }

    // ------------------------------------------------------------------------------------ status

    /** Owner deactivation and activation: one event each; deactivating again or activating an active account none. */
    @Test
    default void deactivationAndActivationPublishOneEventEach() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        RecordingAccountEvents events = events();
        pds().accounts().deactivateAccount(acct.did(), Optional.of(tp().clock().instant().plus(Duration.ofDays(9))));
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), acct.did(), AccountStatusEvent.Change.DEACTIVATED,
                AccountStatus.DEACTIVATED);

        events.clear();
        pds().accounts().deactivateAccount(acct.did(), Optional.empty());
        assertEquals(List.of(), events.all(), "already deactivated: the status does not change");
        assertNothing(events, () -> pds().accounts().deactivateAccount(StoreFixtures.randomDid(), Optional.empty()));

        pds().identity().activateAccount(acct.did());
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), acct.did(), AccountStatusEvent.Change.ACTIVATED, AccountStatus.ACTIVE);
        events.clear();
        pds().identity().activateAccount(acct.did());
        assertEquals(List.of(), events.all(), "already active: the status does not change");
    }

    /** Admin takedown and its lifting, admin deactivation and reactivation: one event per status change. */
    @Test
    default void adminStatusUpdatesPublishOneEventPerStatusChange() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String did = acct.did();
        RecordingAccountEvents events = events();
        pds().admin().updateSubjectStatus(did, Optional.of(true), Optional.of("mod-1"), Optional.empty());
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), did, AccountStatusEvent.Change.TAKEN_DOWN, AccountStatus.TAKENDOWN);

        events.clear();
        pds().admin().updateSubjectStatus(did, Optional.of(true), Optional.of("mod-2"), Optional.of(true));
        assertEquals(List.of(), events.all(), "a new reference or a deactivation under a takedown changes no status");
        assertNothing(events, () -> pds().identity().activateAccount(did));

        pds().admin().updateSubjectStatus(did, Optional.of(false), Optional.empty(), Optional.empty());
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), did, AccountStatusEvent.Change.RESTORED, AccountStatus.DEACTIVATED);

        events.clear();
        pds().admin().updateSubjectStatus(did, Optional.empty(), Optional.empty(), Optional.of(false));
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), did, AccountStatusEvent.Change.ACTIVATED, AccountStatus.ACTIVE);

        events.clear();
        pds().admin().updateSubjectStatus(did, Optional.empty(), Optional.empty(), Optional.of(true));
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), did, AccountStatusEvent.Change.DEACTIVATED, AccountStatus.DEACTIVATED);

        events.clear();
        pds().admin().updateSubjectStatus(did, Optional.of(false), Optional.empty(), Optional.empty());
        pds().admin().updateSubjectStatus(did, Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(List.of(), events.all(), "lifting no takedown, or a call with neither field, changes no status");
        assertNothing(events, () -> pds().admin().updateSubjectStatus(StoreFixtures.randomDid(), Optional.of(true),
                Optional.empty(), Optional.empty()));
        assertNothing(events, () -> pds().admin().updateSubjectStatus(did, Optional.of(true), Optional.empty(),
                Optional.of(false)));
    }

    /** Admins racing to take one account down: one takedown, one event. */
    @Test
    default void racingTakedownsPublishOneEvent() {
        try (Race race = new Race(3)) {
            int rounds = Math.max(1, raceRounds() / 10);
            for (int round = 0; round < rounds; round++) {
                String did = tp().createAccount(TestPds.randomName()).did();
                RecordingAccountEvents events = events();
                race.run(i -> () -> pds().admin().updateSubjectStatus(did, Optional.of(true),
                        Optional.of("mod-" + i), Optional.empty()));
                assertEquals(1, events.all().size(), "round " + round);
                assertStatusEvent(events.all().get(0), did, AccountStatusEvent.Change.TAKEN_DOWN,
                        AccountStatus.TAKENDOWN);
            }
        }
    }

    // ------------------------------------------------------------------------------------ deletion

    /** Deletion with the mailed token: one {@code DELETED} event; a wrong password or token none. */
    @Test
    default void deletionByTheOwnerPublishesOneDeletedEvent() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        pds().email().requestAccountDelete(acct.did());
        String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.DELETE_ACCOUNT);
        RecordingAccountEvents events = events();
        assertNothing(events, () -> pds().email().deleteAccount(acct.did(), TestPds.PASSWORD + "x", token));
        assertNothing(events, () -> pds().email().deleteAccount(acct.did(), TestPds.PASSWORD,
                token.charAt(0) == 'A' ? "B" + token.substring(1) : "A" + token.substring(1)));
        pds().email().deleteAccount(acct.did(), TestPds.PASSWORD, token);
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), acct.did(), AccountStatusEvent.Change.DELETED, AccountStatus.DELETED);
        events.clear();
        assertNothing(events, () -> pds().email().deleteAccount(acct.did(), TestPds.PASSWORD, token));
    }

    /** Admin deletion: one {@code DELETED} event; deleting again (idempotent) none. */
    @Test
    default void deletionByAnAdminPublishesOneDeletedEvent() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        RecordingAccountEvents events = events();
        assertTrue(pds().admin().deleteAccount(acct.did()));
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), acct.did(), AccountStatusEvent.Change.DELETED, AccountStatus.DELETED);
        events.clear();
        assertFalse(pds().admin().deleteAccount(acct.did()));
        assertEquals(List.of(), events.all(), "nothing was deleted");
    }

    /** The owner's token deletion racing admin deletions: the account goes once, one event. */
    @Test
    default void racingDeletionsPublishOneEvent() {
        try (Race race = new Race(3)) {
            int rounds = Math.max(1, raceRounds() / 10);
            for (int round = 0; round < rounds; round++) {
                CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
                pds().email().requestAccountDelete(acct.did());
                String token = mailedToken(tp(), emailOf(acct.handle()), MailTemplate.DELETE_ACCOUNT);
                RecordingAccountEvents events = events();
                race.run(i -> () -> {
                    if (i == 0) {
                        try {
                            pds().email().deleteAccount(acct.did(), TestPds.PASSWORD, token);
                        } catch (LexiconException e) {
                            return false; // the admin was first: the token's account is gone
                        }
                        return true;
                    }
                    return pds().admin().deleteAccount(acct.did());
                });
                assertEquals(1, events.all().size(), "round " + round);
                assertStatusEvent(events.all().get(0), acct.did(), AccountStatusEvent.Change.DELETED,
                        AccountStatus.DELETED);
            }
        }
    }

    // ------------------------------------------------------------------------------------ migration

    /** An import: one {@code IMPORTED} event (deactivated); its activation once PLC points here: one event. */
    @Test
    default void anImportPublishesImportedThenItsActivation() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        String name = TestPds.randomName();
        String jwt = old.token(tp().clock(), pds().config().serviceDid(),
                Optional.of(AccountImport.CREATE_ACCOUNT_METHOD), tp().clock().instant().plus(Duration.ofMinutes(5)));
        RecordingAccountEvents events = events();
        CreateAccountOutput out = pds().accounts().createAccount(CreateAccountInput.builder().did(old.did)
                .handle(name + TestPds.DOMAIN).email(name + "@mail.test").inviteCode(tp().inviteCode()).build(),
                Optional.of(jwt));
        assertEquals(List.of(new IdentityEvent(old.did, out.handle(), IdentityEvent.Change.IMPORTED,
                tp().clock().instant())), events.all());

        events.clear();
        assertNothing(events, () -> pds().identity().activateAccount(old.did));
        RecommendedDidCredentials creds = pds().identity().getRecommendedDidCredentials(old.did);
        old.update(creds.rotationKeys(), creds.verificationMethods().get("atproto"), out.handle(),
                pds().config().publicUrl());
        pds().identity().activateAccount(old.did);
        assertEquals(1, events.all().size());
        assertStatusEvent(events.all().get(0), old.did, AccountStatusEvent.Change.ACTIVATED, AccountStatus.ACTIVE);
    }

    // ------------------------------------------------------------------------------------ failing listener

    /** A listener that throws neither undoes nor fails the change, and later changes are still published. */
    @Test
    default void aFailingListenerNeitherUndoesNorFailsTheChange() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        RecordingAccountEvents events = events();
        events.failing(true);
        try {
            pds().admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.empty(), Optional.empty());
            assertEquals(AccountStatus.TAKENDOWN,
                    tp().store().findAccountByDid(acct.did()).orElseThrow().status(), "the change stands");
            String handle = TestPds.randomName() + TestPds.DOMAIN;
            assertEquals(handle, pds().admin().updateAccountHandle(acct.did(), handle));
            assertTrue(pds().admin().deleteAccount(acct.did()));
            assertTrue(tp().store().findAccountByDid(acct.did()).isEmpty());
        } finally {
            events.failing(false);
        }
        assertEquals(3, events.all().size(), "each change was offered to the listener once: " + events.all());
        assertEquals(AccountStatusEvent.Change.DELETED,
                assertInstance(AccountStatusEvent.class, events.all().get(2)).change());
    }
}
