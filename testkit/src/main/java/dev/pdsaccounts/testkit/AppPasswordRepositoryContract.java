package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.anAppPassword;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.session.AppPasswordRepository}: plain storage with the name unique per
 * account, the newest-first listing, and a delete that removes the app password only (revoking its sessions
 * is the domain's).
 */
public interface AppPasswordRepositoryContract extends StoreFixture {

    /** Every component survives the round trip, privileged or not. */
    @Test
    default void insertAppPasswordStoresEveryField() {
        String did = givenAccount().did();
        AppPassword plain = anAppPassword(did, "phone", at(10));
        AppPassword privileged = new AppPassword(did, "Laptop (work) ✓", "scrypt$abc", at(20).plusMillis(5), true);
        assertTrue(store().insertAppPassword(plain));
        assertTrue(store().insertAppPassword(privileged));
        assertEquals(List.of(privileged, plain), store().appPasswordsOf(did));
    }

    /** A name the account already uses is refused ({@code false}) and the original is kept. */
    @Test
    default void insertAppPasswordWithTakenNameIsFalse() {
        String did = givenAccount().did();
        AppPassword original = givenAppPassword(anAppPassword(did, "phone", at(10)));
        assertFalse(store().insertAppPassword(new AppPassword(did, "phone", "other-hash", at(20), true)));
        assertEquals(List.of(original), store().appPasswordsOf(did));
    }

    /** Names are per account and exact: two accounts may use the same name; case makes another name. */
    @Test
    default void appPasswordNamesArePerAccountAndExact() {
        String a = givenAccount().did();
        String b = givenAccount().did();
        AppPassword forA = givenAppPassword(anAppPassword(a, "phone", at(1)));
        AppPassword forB = givenAppPassword(anAppPassword(b, "phone", at(2)));
        AppPassword upper = givenAppPassword(anAppPassword(a, "Phone", at(3)));
        assertEquals(List.of(upper, forA), store().appPasswordsOf(a));
        assertEquals(List.of(forB), store().appPasswordsOf(b));
    }

    /** The listing is newest first whatever the insert order, ties by name; other accounts' are not included. */
    @Test
    default void appPasswordsOfIsNewestFirst() {
        String did = givenAccount().did();
        givenAppPassword(anAppPassword(givenAccount().did(), "elsewhere", at(15)));
        List<AppPassword> inserted = new ArrayList<>();
        for (int seconds : new int[] {20, 50, 10, 40, 30}) {
            inserted.add(givenAppPassword(anAppPassword(did, "app-" + seconds, at(seconds))));
        }
        inserted.add(givenAppPassword(anAppPassword(did, "app-30b", at(30))));
        inserted.add(givenAppPassword(anAppPassword(did, "app-30a", at(30))));
        inserted.sort(Comparator.comparing(AppPassword::createdAt).reversed().thenComparing(AppPassword::name));
        assertEquals(inserted, store().appPasswordsOf(did));
        assertEquals(List.of(), store().appPasswordsOf(randomDid()));
    }

    /**
     * Deleting an app password removes that row only: its sessions stay (revoking them is the domain's), and
     * so do the account's other app passwords and another account's of the same name. Idempotent.
     */
    @Test
    default void deleteAppPasswordDeletesOnlyThatRow() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        givenAppPassword(anAppPassword(did, "phone", at(1)));
        AppPassword laptop = givenAppPassword(anAppPassword(did, "laptop", at(2)));
        AppPassword othersPhone = givenAppPassword(anAppPassword(other, "phone", at(3)));
        RefreshToken session = StoreFixtures.anAppPasswordRefreshToken(did, "phone");
        store().insertRefreshToken(session);

        assertTrue(store().deleteAppPassword(did, "phone"));

        assertEquals(List.of(laptop), store().appPasswordsOf(did));
        assertEquals(List.of(othersPhone), store().appPasswordsOf(other));
        assertEquals(Optional.of(session), store().findRefreshToken(session.id()));
        assertFalse(store().deleteAppPassword(did, "phone"));
        assertFalse(store().deleteAppPassword(randomDid(), "phone"));
        assertFalse(store().deleteAppPassword(did, "Laptop"));
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

    /**
     * The lookup by hash is exact and per account: it finds the app password whose hash is equal, not one of
     * another account with the same hash, not one whose hash differs by case or a prefix; the newest wins when
     * two share a hash; a deleted one is gone. Nothing for an account without app passwords.
     */
    @Test
    default void findAppPasswordByHashIsAnExactLookupPerAccount() {
        String did = givenAccount().did();
        String other = givenAccount().did();
        String hash = "0a1b2c3d:" + "ab".repeat(32);
        AppPassword mine = givenAppPassword(new AppPassword(did, "phone", hash, at(10), true));
        AppPassword others = givenAppPassword(new AppPassword(other, "phone", hash, at(11), false));
        givenAppPassword(new AppPassword(did, "laptop", hash.toUpperCase(java.util.Locale.ROOT), at(12), false));
        for (int i = 0; i < 50; i++) {
            givenAppPassword(anAppPassword(did, "app-" + i, at(20 + i)));
        }
        assertEquals(Optional.of(mine), store().findAppPasswordByHash(did, hash));
        assertEquals(Optional.of(others), store().findAppPasswordByHash(other, hash));
        assertEquals(Optional.empty(), store().findAppPasswordByHash(did, hash.substring(0, hash.length() - 1)));
        assertEquals(Optional.empty(), store().findAppPasswordByHash(randomDid(), hash));
        AppPassword newer = givenAppPassword(new AppPassword(did, "tablet", hash, at(15), false));
        assertEquals(Optional.of(newer), store().findAppPasswordByHash(did, hash));
        assertTrue(store().deleteAppPassword(did, "tablet"));
        assertTrue(store().deleteAppPassword(did, "phone"));
        assertEquals(Optional.empty(), store().findAppPasswordByHash(did, hash));
        assertEquals(Optional.of(others), store().findAppPasswordByHash(other, hash));
    }

    /**
     * The port's one finder: with a hash, every app password of the account with exactly that hash, newest first
     * (ties by name); without, all of the account's.
     */
    @Test
    default void findAppPasswordsWithAHashAnswersOnlyThatHashNewestFirst() {
        String did = givenAccount().did();
        String hash = "0a1b2c3d:" + "cd".repeat(32);
        AppPassword b = givenAppPassword(new AppPassword(did, "b", hash, at(10), false));
        AppPassword a = givenAppPassword(new AppPassword(did, "a", hash, at(10), true));
        AppPassword newest = givenAppPassword(new AppPassword(did, "c", hash, at(20), false));
        AppPassword other = givenAppPassword(anAppPassword(did, "other", at(30)));
        givenAppPassword(new AppPassword(givenAccount().did(), "a", hash, at(40), false));
        assertEquals(List.of(newest, a, b), store().findAppPasswords(did, Optional.of(hash)));
        assertEquals(List.of(other, newest, a, b), store().findAppPasswords(did, Optional.empty()));
        assertEquals(List.of(), store().findAppPasswords(did, Optional.of(hash + "0")));
    }

    /** Inside a transaction the lookup sees the transaction's own insert, and a rollback takes it away. */
    @Test
    default void findAppPasswordByHashSeesTheTransactionsOwnWrites() {
        String did = givenAccount().did();
        AppPassword p = anAppPassword(did, "phone", at(1));
        assertEquals(Optional.of(p), store().inTransaction(tx -> {
            tx.insertAppPassword(p);
            return tx.findAppPasswordByHash(did, p.passwordHash());
        }));
        AppPassword rolledBack = anAppPassword(did, "laptop", at(2));
        try {
            store().inTransaction(tx -> {
                tx.insertAppPassword(rolledBack);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the work's exception propagates unchanged
        }
        assertEquals(Optional.empty(), store().findAppPasswordByHash(did, rolledBack.passwordHash()));
    }
}
