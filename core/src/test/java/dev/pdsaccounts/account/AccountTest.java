package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The account aggregate's own rules: status derivation and what each transition changes and keeps. */
class AccountTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-02-01T00:00:00Z");

    private static Account alice() {
        return Account.newAccount("did:plc:alice", "alice.test", Optional.of("alice@example.com"),
                Optional.of("hash0"), T0, Optional.of("key0"));
    }

    @Test
    void aNewAccountIsActiveUnconfirmedAndNotTakenDown() {
        Account a = alice();
        assertEquals(AccountStatus.ACTIVE, a.status());
        assertTrue(a.status().isActive());
        assertEquals(Optional.empty(), a.status().lexiconValue());
        assertFalse(a.isTakenDown());
        assertFalse(a.emailConfirmed());
        assertFalse(a.invitesDisabled());
        assertEquals(Optional.empty(), a.deleteAfter());
    }

    @Test
    void deactivationMakesTheAccountDeactivatedAndActivationUndoesIt() {
        Account deactivated = alice().withDeactivation(Optional.of(T1), Optional.of(T1.plusSeconds(60)));
        assertEquals(AccountStatus.DEACTIVATED, deactivated.status());
        assertFalse(deactivated.status().isActive());
        assertEquals(Optional.of("deactivated"), deactivated.status().lexiconValue());
        assertEquals(Optional.of(T1.plusSeconds(60)), deactivated.deleteAfter());

        Account active = deactivated.withDeactivation(Optional.empty(), Optional.empty());
        assertEquals(AccountStatus.ACTIVE, active.status());
        assertEquals(Optional.empty(), active.deleteAfter());
    }

    @Test
    void takedownWinsOverDeactivationAndLiftingItRevealsTheDeactivation() {
        Account both = alice().withDeactivation(Optional.of(T1), Optional.empty()).withTakedownRef(Optional.of("ref"));
        assertEquals(AccountStatus.TAKENDOWN, both.status());
        assertTrue(both.isTakenDown());
        assertEquals(Optional.of("takendown"), both.status().lexiconValue());
        // Order of the transitions does not matter.
        assertEquals(AccountStatus.TAKENDOWN,
                alice().withTakedownRef(Optional.of("ref")).withDeactivation(Optional.of(T1), Optional.empty()).status());

        Account lifted = both.withTakedownRef(Optional.empty());
        assertFalse(lifted.isTakenDown());
        assertEquals(AccountStatus.DEACTIVATED, lifted.status());
        assertEquals(AccountStatus.ACTIVE, alice().withTakedownRef(Optional.of("r")).withTakedownRef(Optional.empty())
                .status());
    }

    @Test
    void deletedIsNeverDerivedAndIsInactive() {
        for (Account a : new Account[] {alice(), alice().withTakedownRef(Optional.of("r")),
                alice().withDeactivation(Optional.of(T1), Optional.empty())}) {
            assertFalse(a.status() == AccountStatus.DELETED);
        }
        assertFalse(AccountStatus.DELETED.isActive());
        assertEquals(Optional.of("deleted"), AccountStatus.DELETED.lexiconValue());
    }

    @Test
    void withEmailClearsTheConfirmationAndKeepsEverythingElse() {
        Account confirmed = alice().withEmailConfirmedAt(T1).withInvitesDisabled(true)
                .withTakedownRef(Optional.of("ref"));
        assertTrue(confirmed.emailConfirmed());
        Account changed = confirmed.withEmail("new@example.com");
        assertEquals(Optional.of("new@example.com"), changed.email());
        assertFalse(changed.emailConfirmed());
        assertEquals(Optional.empty(), changed.emailConfirmedAt());
        assertTrue(confirmed.emailConfirmed()); // the original is untouched
        assertEquals(new Account(confirmed.did(), confirmed.handle(), Optional.of("new@example.com"),
                confirmed.passwordHash(), Optional.empty(), confirmed.createdAt(), confirmed.takedownRef(),
                confirmed.deactivatedAt(), confirmed.deleteAfter(), true, confirmed.signingKey()), changed);
    }

    @Test
    void everyOtherTransitionChangesExactlyItsOwnField() {
        Account base = alice().withEmailConfirmedAt(T1).withDeactivation(Optional.of(T1), Optional.of(T1));
        assertEquals(new Account(base.did(), base.handle(), base.email(), Optional.of("hash1"),
                base.emailConfirmedAt(), base.createdAt(), base.takedownRef(), base.deactivatedAt(),
                base.deleteAfter(), base.invitesDisabled(), base.signingKey()), base.withPasswordHash("hash1"));
        assertEquals(new Account(base.did(), "bob.test", base.email(), base.passwordHash(),
                base.emailConfirmedAt(), base.createdAt(), base.takedownRef(), base.deactivatedAt(),
                base.deleteAfter(), base.invitesDisabled(), base.signingKey()), base.withHandle("bob.test"));
        assertEquals(new Account(base.did(), base.handle(), base.email(), base.passwordHash(),
                base.emailConfirmedAt(), base.createdAt(), base.takedownRef(), base.deactivatedAt(),
                base.deleteAfter(), true, base.signingKey()), base.withInvitesDisabled(true));
        assertEquals(new Account(base.did(), base.handle(), base.email(), base.passwordHash(),
                base.emailConfirmedAt(), base.createdAt(), base.takedownRef(), base.deactivatedAt(),
                base.deleteAfter(), base.invitesDisabled(), Optional.of("key1")),
                base.withSigningKey(Optional.of("key1")));
        assertEquals(new Account(base.did(), base.handle(), base.email(), base.passwordHash(),
                Optional.of(T0), base.createdAt(), base.takedownRef(), base.deactivatedAt(),
                base.deleteAfter(), base.invitesDisabled(), base.signingKey()), base.withEmailConfirmedAt(T0));
    }

    @Test
    void theEmailAuthFactorSurvivesEveryTransitionButAnEmailChange() {
        Account on = alice().withEmailConfirmedAt(T1).withEmailAuthFactor(true);
        assertTrue(on.emailAuthFactor());
        assertTrue(on.requiresSignInCode());
        assertFalse(alice().emailAuthFactor(), "a new account has it off");
        for (Account a : java.util.List.of(on.withPasswordHash("h"), on.withHandle("bob.test"),
                on.withEmailConfirmedAt(T0), on.withTakedownRef(Optional.of("ref")),
                on.withDeactivation(Optional.of(T1), Optional.empty()), on.withInvitesDisabled(true),
                on.withSigningKey(Optional.empty()))) {
            assertTrue(a.emailAuthFactor(), a.toString());
        }
        assertFalse(on.withEmail("new@example.com").emailAuthFactor());
        assertFalse(on.withEmailAuthFactor(false).emailAuthFactor());
        assertEquals(on, on.withEmailAuthFactor(false).withEmailAuthFactor(true));
        Account noEmail = new Account("did:plc:x", "x.test", Optional.empty(), Optional.empty(), Optional.empty(), T0,
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), true);
        assertFalse(noEmail.requiresSignInCode(), "no email, no code to mail");
    }

    @Test
    void toStringNeverShowsThePasswordHashOrTheSigningKey() {
        String shown = alice().withPasswordHash("SECRET-HASH").withSigningKey(Optional.of("SECRET-KEY")).toString();
        assertFalse(shown.contains("SECRET-HASH"), shown);
        assertFalse(shown.contains("SECRET-KEY"), shown);
        assertTrue(shown.contains("did:plc:alice"), shown);
    }
}
