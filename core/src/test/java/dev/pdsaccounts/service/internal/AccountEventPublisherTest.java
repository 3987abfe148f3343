package dev.pdsaccounts.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.events.AccountEvent;
import dev.pdsaccounts.events.AccountStatusEvent;
import dev.pdsaccounts.events.IdentityEvent;
import dev.pdsaccounts.testsupport.LogCapture;
import dev.pdsaccounts.testsupport.MapStore;
import dev.pdsaccounts.testsupport.TestClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** {@link AccountEventPublisher} over the {@link MapStore} double: what it publishes, when, and on failure. */
class AccountEventPublisherTest {
    private static final Instant T = Instant.parse("2024-06-01T00:00:00Z");
    private static final String DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

    private final MapStore store = new MapStore();
    private final TestClock clock = new TestClock(T);
    private final List<AccountEvent> published = new ArrayList<>();
    private final List<Boolean> insideTransaction = new ArrayList<>();
    private final AccountEventPublisher events = new AccountEventPublisher(store, e -> {
        insideTransaction.add(Thread.holdsLock(store)); // the double's transaction holds its monitor
        published.add(e);
    }, clock);

    private Account stored() {
        Account a = Account.newAccount(DID, "alice.example.com", Optional.empty(), Optional.empty(), T,
                Optional.empty());
        store.insertAccount(a);
        return a;
    }

    @Test
    void aStatusChangeIsPublishedOnceAfterCommitWithTheWorksResult() {
        stored();
        String result = events.inTransaction(DID, tx -> {
            AccountChanges.setTakedown(tx, DID, Optional.of("mod-1"));
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of(new AccountStatusEvent(DID, false, AccountStatus.TAKENDOWN,
                AccountStatusEvent.Change.TAKEN_DOWN, T)), published);
        assertEquals(List.of(false), insideTransaction, "published after the transaction");
    }

    @Test
    void aHandleChangeAndAStatusChangeInOneTransactionAreTwoEvents() {
        stored();
        events.inTransaction(DID, tx -> AccountChanges.update(tx, DID,
                a -> a.withHandle("bob.example.com").withDeactivation(Optional.of(T), Optional.empty())));
        assertEquals(List.of(IdentityEvent.handleChanged(DID, "bob.example.com", T),
                new AccountStatusEvent(DID, false, AccountStatus.DEACTIVATED, AccountStatusEvent.Change.DEACTIVATED,
                        T)), published);
    }

    @Test
    void aDeletionIsPublishedAndAMissingAccountOrANoOpPublishesNothing() {
        stored();
        boolean deleted = events.inTransaction(DID, tx -> AccountChanges.deleteAccount(tx, DID, new SecureRandom()));
        assertTrue(deleted);
        assertEquals(List.of(AccountStatusEvent.deleted(DID, T)), published);
        published.clear();
        boolean again = events.inTransaction(DID, tx -> AccountChanges.deleteAccount(tx, DID, new SecureRandom()));
        assertFalse(again);
        stored();
        events.inTransaction(DID, tx -> AccountChanges.setTakedown(tx, DID, Optional.empty()));
        events.inTransaction(DID, tx -> AccountChanges.setHandle(tx, DID, "alice.example.com"));
        assertEquals(List.of(), published);
    }

    @Test
    void aWorkThatThrowsIsRolledBackAndPublishesNothing() {
        Account a = stored();
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> events.inTransaction(DID, tx -> {
            AccountChanges.setTakedown(tx, DID, Optional.of("mod-1"));
            throw boom;
        })));
        assertEquals(List.of(), published);
        assertEquals(Optional.of(a), store.findAccountByDid(DID));
    }

    @Test
    void aFailingListenerIsLoggedAndTheChangeStands() {
        stored();
        RuntimeException failure = new RuntimeException("listener down");
        AccountEventPublisher failing = new AccountEventPublisher(store, e -> {
            throw failure;
        }, clock);
        try (LogCapture logs = LogCapture.start()) {
            boolean found = failing.inTransaction(DID, tx -> AccountChanges.setTakedown(tx, DID, Optional.of("m")));
            assertTrue(found);
            failing.deleted(DID);
            List<LogRecord> records = logs.of(AccountEventPublisher.class.getName());
            assertEquals(2, records.size(), logs.text());
            for (LogRecord r : records) {
                assertEquals(Level.SEVERE, r.getLevel());
                assertSame(failure, r.getThrown());
                assertTrue(r.getMessage().contains(DID), r.getMessage());
            }
        }
        assertEquals(AccountStatus.TAKENDOWN, store.findAccountByDid(DID).orElseThrow().status());
    }

    @Test
    void creationsAreStampedWithTheClock() {
        Account a = stored();
        clock.advance(java.time.Duration.ofSeconds(3));
        events.created(a);
        assertEquals(List.of(new IdentityEvent(DID, "alice.example.com", IdentityEvent.Change.CREATED,
                T.plusSeconds(3))), published);
    }
}
