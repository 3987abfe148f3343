package dev.pdsaccounts.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one invite-availability rule ({@link InviteCodeDetails#isAvailable}) and the earned/admin distinction. */
class InviteCodeDetailsTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final String ISSUER = "did:plc:issuer";

    private static InviteCodeDetails code(int availableUses, boolean disabled, String forAccount, int used) {
        List<InviteCodeUse> uses = new ArrayList<>();
        for (int i = 0; i < used; i++) {
            uses.add(new InviteCodeUse("c", "did:plc:user" + i, T0.plusSeconds(i)));
        }
        return new InviteCodeDetails(new InviteCode("c", availableUses, disabled, forAccount, forAccount, T0), uses);
    }

    private static Optional<Account> issuer(boolean takenDown) {
        Account a = Account.newAccount(ISSUER, "issuer.test", Optional.empty(), Optional.empty(), T0,
                Optional.empty());
        return Optional.of(takenDown ? a.withTakedownRef(Optional.of("ref")) : a);
    }

    @Test
    void anEnabledCodeWithUsesLeftAndAnActiveIssuerIsAvailable() {
        assertTrue(code(1, false, ISSUER, 0).isAvailable(issuer(false)));
        assertTrue(code(3, false, ISSUER, 2).isAvailable(issuer(false)));
    }

    @Test
    void aDisabledCodeIsNotAvailable() {
        assertFalse(code(5, true, ISSUER, 0).isAvailable(issuer(false)));
        assertFalse(code(5, true, InviteCode.ADMIN, 0).isAvailable(Optional.empty()));
    }

    @Test
    void aUsedUpCodeIsNotAvailable() {
        assertTrue(code(2, false, ISSUER, 2).isUsedUp());
        assertFalse(code(2, false, ISSUER, 2).isAvailable(issuer(false)));
        assertTrue(code(2, false, ISSUER, 3).isUsedUp()); // more uses than allowed (never written) still used up
        assertFalse(code(2, false, ISSUER, 1).isUsedUp());
    }

    @Test
    void aCodeOfATakenDownIssuerIsNotAvailableUntilTheTakedownIsLifted() {
        assertFalse(code(5, false, ISSUER, 0).isAvailable(issuer(true)));
        assertTrue(code(5, false, ISSUER, 0).isAvailable(
                issuer(true).map(a -> a.withTakedownRef(Optional.empty()))));
    }

    @Test
    void aDeactivatedIssuerDoesNotBlockItsCodes() {
        assertTrue(code(5, false, ISSUER, 0).isAvailable(
                issuer(false).map(a -> a.withDeactivation(Optional.of(T0), Optional.empty()))));
    }

    @Test
    void adminCodesAndCodesOfAGoneIssuerHaveNoIssuerToCheck() {
        assertTrue(code(1, false, InviteCode.ADMIN, 0).isAvailable(Optional.empty()));
        assertTrue(code(1, false, ISSUER, 0).isAvailable(Optional.empty()));
        assertFalse(code(1, false, ISSUER, 1).isAvailable(Optional.empty()));
    }

    @Test
    void onlyCodesNotCreatedByTheAdminAreEarned() {
        assertFalse(new InviteCode("c", 1, false, ISSUER, InviteCode.ADMIN, T0).isEarned());
        assertTrue(new InviteCode("c", 1, false, ISSUER, ISSUER, T0).isEarned());
    }

    @Test
    void aCodeNeedsAtLeastOneUseAndTheDetailsCopyTheUses() {
        assertThrows(IllegalArgumentException.class, () -> new InviteCode("c", 0, false, ISSUER, ISSUER, T0));
        List<InviteCodeUse> uses = new ArrayList<>();
        InviteCodeDetails details = new InviteCodeDetails(new InviteCode("c", 1, false, ISSUER, ISSUER, T0), uses);
        uses.add(new InviteCodeUse("c", "did:plc:late", T0));
        assertEquals(List.of(), details.uses());
        assertTrue(details.isAvailable(Optional.empty()));
    }
}
