package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.anAppPassword;
import static dev.pdsaccounts.testkit.StoreFixtures.anAppPasswordRefreshToken;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateAppPasswordResult;
import dev.pdsaccounts.session.RefreshToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.session.AppPasswords}: insert with its three outcomes, the newest-first
 * listing, lookup, and the delete that revokes only that app password's sessions.
 */
public interface AppPasswordsContract extends StoreFixture {

    /** Every component survives the round trip, privileged or not. */
    @Test
    default void insertAppPasswordStoresEveryField() {
        String did = givenAccount().did();
        AppPassword plain = anAppPassword(did, "phone", at(10));
        AppPassword privileged = new AppPassword(did, "Laptop (work) ✓", "scrypt$abc", at(20), true);
        assertEquals(new CreateAppPasswordResult.Created(), store().insertAppPassword(plain));
        assertEquals(new CreateAppPasswordResult.Created(), store().insertAppPassword(privileged));
        assertEquals(Optional.of(plain), store().findAppPassword(did, "phone"));
        assertEquals(Optional.of(privileged), store().findAppPassword(did, "Laptop (work) ✓"));
    }

    /** A name the account already uses is DuplicateName and the original is kept. */
    @Test
    default void insertAppPasswordWithTakenNameIsDuplicateName() {
        String did = givenAccount().did();
        AppPassword original = givenAppPassword(anAppPassword(did, "phone", at(10)));
        AppPassword again = new AppPassword(did, "phone", "other-hash", at(20), true);
        assertEquals(new CreateAppPasswordResult.DuplicateName(), store().insertAppPassword(again));
        assertEquals(List.of(original), store().appPasswordsOf(did));
    }

    /** Names are per account: two accounts may use the same name. */
    @Test
    default void appPasswordNamesArePerAccount() {
        String a = givenAccount().did();
        String b = givenAccount().did();
        AppPassword forA = givenAppPassword(anAppPassword(a, "phone", at(1)));
        AppPassword forB = givenAppPassword(anAppPassword(b, "phone", at(2)));
        assertEquals(Optional.of(forA), store().findAppPassword(a, "phone"));
        assertEquals(Optional.of(forB), store().findAppPassword(b, "phone"));
    }

    /** An app password for a DID with no account is AccountNotFound and nothing is stored. */
    @Test
    default void insertAppPasswordWithoutAccountIsAccountNotFound() {
        String did = randomDid();
        assertEquals(new CreateAppPasswordResult.AccountNotFound(),
                store().insertAppPassword(anAppPassword(did, "phone", at(1))));
        assertEquals(List.of(), store().appPasswordsOf(did));
        assertEquals(Optional.empty(), store().findAppPassword(did, "phone"));
    }

    /** The listing is newest first whatever the insert order; other accounts' are not included. */
    @Test
    default void appPasswordsOfIsNewestFirst() {
        String did = givenAccount().did();
        givenAppPassword(anAppPassword(givenAccount().did(), "elsewhere", at(15)));
        List<AppPassword> inserted = new ArrayList<>();
        for (int seconds : new int[] {20, 50, 10, 40, 30}) {
            inserted.add(givenAppPassword(anAppPassword(did, "app-" + seconds, at(seconds))));
        }
        inserted.sort(Comparator.comparing(AppPassword::createdAt).reversed());
        assertEquals(inserted, store().appPasswordsOf(did));
        assertEquals(List.of(), store().appPasswordsOf(randomDid()));
    }

    /** Lookups of unknown names or accounts are empty; names are exact. */
    @Test
    default void findAppPasswordOfUnknownNameIsEmpty() {
        String did = givenAccount().did();
        givenAppPassword(anAppPassword(did, "phone", at(1)));
        assertEquals(Optional.empty(), store().findAppPassword(did, "Phone"));
        assertEquals(Optional.empty(), store().findAppPassword(did, "tablet"));
        assertEquals(Optional.empty(), store().findAppPassword(randomDid(), "phone"));
    }

    /**
     * Deleting an app password deletes its sessions only: not the main session, not another app password's,
     * not another account's session under the same name. Idempotent.
     */
    @Test
    default void deleteAppPasswordRevokesOnlyItsOwnSessions() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        givenAppPassword(anAppPassword(did, "phone", at(1)));
        AppPassword laptop = givenAppPassword(anAppPassword(did, "laptop", at(2)));
        givenAppPassword(anAppPassword(other, "phone", at(3)));
        RefreshToken phone1 = anAppPasswordRefreshToken(did, "phone");
        RefreshToken phone2 = anAppPasswordRefreshToken(did, "phone");
        RefreshToken laptopSession = anAppPasswordRefreshToken(did, "laptop");
        RefreshToken othersPhone = anAppPasswordRefreshToken(other, "phone");
        for (RefreshToken token : List.of(phone1, phone2, laptopSession, othersPhone)) {
            store().insertRefreshToken(token);
        }
        RefreshToken main = givenRefreshToken(did);

        assertTrue(store().deleteAppPassword(did, "phone"));

        assertEquals(Optional.empty(), store().findAppPassword(did, "phone"));
        assertEquals(List.of(laptop), store().appPasswordsOf(did));
        assertEquals(Optional.empty(), store().findRefreshToken(phone1.id()));
        assertEquals(Optional.empty(), store().findRefreshToken(phone2.id()));
        assertEquals(Optional.of(laptopSession), store().findRefreshToken(laptopSession.id()));
        assertEquals(Optional.of(main), store().findRefreshToken(main.id()));
        assertEquals(Optional.of(othersPhone), store().findRefreshToken(othersPhone.id()));
        assertTrue(store().findAppPassword(other, "phone").isPresent());

        assertFalse(store().deleteAppPassword(did, "phone"));
        assertFalse(store().deleteAppPassword(randomDid(), "phone"));
        assertEquals(2, store().refreshTokensOf(did).size());
    }

    /** A deleted name can be created again. */
    @Test
    default void deletedAppPasswordNameCanBeReused() {
        String did = givenAccount().did();
        givenAppPassword(anAppPassword(did, "phone", at(1)));
        assertTrue(store().deleteAppPassword(did, "phone"));
        AppPassword again = givenAppPassword(anAppPassword(did, "phone", at(5)));
        assertEquals(List.of(again), store().appPasswordsOf(did));
    }
}
