package dev.pdsaccounts.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The events' construction rules: one place per event type, the status derivation and the invariants. */
class AccountEventTest {
    private static final Instant T = Instant.parse("2024-06-01T00:00:00Z");
    private static final String DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final Account ACTIVE = Account.newAccount(DID, "alice.example.com", Optional.empty(),
            Optional.empty(), T, Optional.empty());
    private static final Account DEACTIVATED = ACTIVE.withDeactivation(Optional.of(T), Optional.empty());
    private static final Account TAKEN_DOWN = ACTIVE.withTakedownRef(Optional.of("mod-1"));
    private static final Account BOTH = DEACTIVATED.withTakedownRef(Optional.of("mod-1"));

    private static Optional<AccountStatusEvent> between(Account before, Account after) {
        return AccountStatusEvent.between(before, after, T);
    }

    private static AccountStatusEvent event(AccountStatus status, AccountStatusEvent.Change change) {
        return new AccountStatusEvent(DID, status.isActive(), status, change, T);
    }

    @Test
    void eachStatusTransitionIsNamedAndCarriesTheResultingStatus() {
        assertEquals(Optional.of(event(AccountStatus.DEACTIVATED, AccountStatusEvent.Change.DEACTIVATED)),
                between(ACTIVE, DEACTIVATED));
        assertEquals(Optional.of(event(AccountStatus.ACTIVE, AccountStatusEvent.Change.ACTIVATED)),
                between(DEACTIVATED, ACTIVE));
        assertEquals(Optional.of(event(AccountStatus.TAKENDOWN, AccountStatusEvent.Change.TAKEN_DOWN)),
                between(ACTIVE, TAKEN_DOWN));
        assertEquals(Optional.of(event(AccountStatus.TAKENDOWN, AccountStatusEvent.Change.TAKEN_DOWN)),
                between(DEACTIVATED, BOTH));
        assertEquals(Optional.of(event(AccountStatus.ACTIVE, AccountStatusEvent.Change.RESTORED)),
                between(TAKEN_DOWN, ACTIVE));
        assertEquals(Optional.of(event(AccountStatus.DEACTIVATED, AccountStatusEvent.Change.RESTORED)),
                between(BOTH, DEACTIVATED));
    }

    @Test
    void noStatusChangeIsNoEvent() {
        assertEquals(Optional.empty(), between(ACTIVE, ACTIVE.withHandle("bob.example.com")));
        assertEquals(Optional.empty(), between(DEACTIVATED, DEACTIVATED.withDeactivation(
                Optional.of(T.plusSeconds(5)), Optional.of(T.plusSeconds(60)))));
        assertEquals(Optional.empty(), between(TAKEN_DOWN, TAKEN_DOWN.withTakedownRef(Optional.of("mod-2"))));
        assertEquals(Optional.empty(), between(TAKEN_DOWN, BOTH), "a deactivation under a takedown shows nowhere");
    }

    @Test
    void theLexiconFieldsAreTheStatussOwn() {
        AccountStatusEvent deleted = AccountStatusEvent.deleted(DID, T);
        assertEquals(false, deleted.active());
        assertEquals(Optional.of("deleted"), deleted.lexiconStatus());
        assertEquals(AccountStatusEvent.Change.DELETED, deleted.change());
        assertEquals(Optional.empty(), event(AccountStatus.ACTIVE, AccountStatusEvent.Change.ACTIVATED).lexiconStatus());
        assertEquals(Optional.of("takendown"),
                event(AccountStatus.TAKENDOWN, AccountStatusEvent.Change.TAKEN_DOWN).lexiconStatus());
        assertThrows(IllegalArgumentException.class, () -> new AccountStatusEvent(DID, true,
                AccountStatus.DEACTIVATED, AccountStatusEvent.Change.DEACTIVATED, T));
        assertThrows(IllegalArgumentException.class, () -> new AccountStatusEvent(DID, false,
                AccountStatus.ACTIVE, AccountStatusEvent.Change.ACTIVATED, T));
        assertThrows(NullPointerException.class, () -> new AccountStatusEvent(null, false,
                AccountStatus.DELETED, AccountStatusEvent.Change.DELETED, T));
    }

    @Test
    void aNewAccountIsCreatedAndAMigratingOneImported() {
        assertEquals(new IdentityEvent(DID, "alice.example.com", IdentityEvent.Change.CREATED, T),
                IdentityEvent.created(ACTIVE, T));
        assertEquals(new IdentityEvent(DID, "alice.example.com", IdentityEvent.Change.IMPORTED, T),
                IdentityEvent.created(DEACTIVATED, T));
        assertEquals(new IdentityEvent(DID, "bob.example.com", IdentityEvent.Change.HANDLE_CHANGED, T),
                IdentityEvent.handleChanged(DID, "bob.example.com", T));
        assertThrows(NullPointerException.class,
                () -> new IdentityEvent(DID, null, IdentityEvent.Change.HANDLE_CHANGED, T));
    }
}
