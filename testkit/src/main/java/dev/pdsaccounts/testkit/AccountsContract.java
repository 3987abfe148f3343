package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.StoreFixtures.T0;
import static dev.pdsaccounts.testkit.StoreFixtures.aRefreshToken;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccount;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccountWithEverySet;
import static dev.pdsaccounts.testkit.StoreFixtures.anAccountWithoutCredentials;
import static dev.pdsaccounts.testkit.StoreFixtures.anAppPassword;
import static dev.pdsaccounts.testkit.StoreFixtures.anEarnedInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.anInviteCode;
import static dev.pdsaccounts.testkit.StoreFixtures.at;
import static dev.pdsaccounts.testkit.StoreFixtures.newAccount;
import static dev.pdsaccounts.testkit.StoreFixtures.randomBase32;
import static dev.pdsaccounts.testkit.StoreFixtures.randomDid;
import static dev.pdsaccounts.testkit.StoreFixtures.randomEmail;
import static dev.pdsaccounts.testkit.StoreFixtures.randomHandle;
import static dev.pdsaccounts.testkit.StoreFixtures.randomInviteCode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountResult;
import dev.pdsaccounts.account.NewAccount;
import dev.pdsaccounts.account.UpdateResult;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@link dev.pdsaccounts.account.Accounts}: the atomic account insert with its check order and
 * invite rule, the finders, every update and its cascade, deletion, the email search, and the sign-up races.
 */
public interface AccountsContract extends StoreFixture {

    // ------------------------------------------------------------------------------ createAccount & finders

    /** A fresh store holds nothing. */
    @Test
    default void freshStoreIsEmpty() {
        assertEquals(0, store().countAccounts());
        assertEquals(List.of(), store().searchAccountsByEmail("", Optional.empty(), 100));
        assertTrue(store().listInviteCodes(InviteSort.RECENT, 100, Optional.empty()).codes().isEmpty());
    }

    /** Every component of the account row survives the round trip, found by DID, handle and email. */
    @Test
    default void createAccountStoresEveryFieldAndFindersReturnIt() {
        Account account = anAccount();
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(account)));
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
        assertEquals(Optional.of(account), store().findAccountByHandle(account.handle()));
        assertEquals(Optional.of(account), store().findAccountByEmail(account.email().orElseThrow()));
        assertEquals(1, store().countAccounts());
    }

    /** Optional components that are set (confirmation, takedown, deactivation, flags) are stored as given. */
    @Test
    default void createAccountStoresOptionalFieldsAsGiven() {
        Account account = anAccountWithEverySet();
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(account)));
        assertEquals(Optional.of(account), store().findAccountByDid(account.did()));
    }

    /** Accounts without email, password or signing key are stored; absent emails never collide. */
    @Test
    default void accountsWithoutEmailAreStoredAndDoNotCollide() {
        Account first = anAccountWithoutCredentials(randomDid(), randomHandle());
        Account second = anAccountWithoutCredentials(randomDid(), randomHandle());
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(first)));
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(second)));
        assertEquals(Optional.of(first), store().findAccountByDid(first.did()));
        assertEquals(Optional.of(second), store().findAccountByHandle(second.handle()));
        assertEquals(2, store().countAccounts());
    }

    /** Finders answer empty for values nobody holds. */
    @Test
    default void findersReturnEmptyForUnknownValues() {
        givenAccount();
        assertEquals(Optional.empty(), store().findAccountByDid(randomDid()));
        assertEquals(Optional.empty(), store().findAccountByHandle(randomHandle()));
        assertEquals(Optional.empty(), store().findAccountByEmail(randomEmail()));
    }

    /** DIDs are case-sensitive: two DIDs differing only in case are two accounts. */
    @Test
    default void didsAreComparedExactly() {
        String lower = "did:plc:" + randomBase32(24);
        String upper = "did:plc:" + lower.substring(8).toUpperCase(Locale.ROOT);
        Account a = givenAccount(anAccount(lower, randomHandle(), randomEmail()));
        assertEquals(Optional.empty(), store().findAccountByDid(upper));
        Account b = anAccount(upper, randomHandle(), randomEmail());
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(b)));
        assertEquals(Optional.of(a), store().findAccountByDid(lower));
        assertEquals(Optional.of(b), store().findAccountByDid(upper));
    }

    /** Handles and emails are found only by the exact (normalised) value, not by a prefix or suffix. */
    @Test
    default void handlesAndEmailsAreComparedExactly() {
        Account account = givenAccount();
        String handle = account.handle();
        String email = account.email().orElseThrow();
        assertEquals(Optional.empty(), store().findAccountByHandle(handle.substring(1)));
        assertEquals(Optional.empty(), store().findAccountByHandle(handle + "x"));
        assertEquals(Optional.empty(), store().findAccountByEmail(email.substring(1)));
        assertEquals(Optional.empty(), store().findAccountByEmail("x" + email));
    }

    /** The first session's refresh token is stored with the account. */
    @Test
    default void createAccountStoresTheRefreshToken() {
        Account account = anAccount();
        RefreshToken token = aRefreshToken(account.did());
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(account, token)));
        assertEquals(Optional.of(token), store().findRefreshToken(token.id()));
        assertEquals(List.of(token), store().refreshTokensOf(account.did()));
    }

    /** An existing DID wins over everything else; nothing is written. */
    @Test
    default void createAccountWithTakenDidIsDidTakenAndWritesNothing() {
        Account existing = givenAccount();
        InviteCode code = givenInviteCode(5);
        Account clash = anAccount(existing.did(), randomHandle(), randomEmail());
        RefreshToken token = aRefreshToken(existing.did());
        NewAccount attempt = new NewAccount(clash, Optional.of(code.code()), Optional.of(token));
        assertEquals(new CreateAccountResult.DidTaken(), store().createAccount(attempt));
        assertNothingWrittenBy(attempt, existing);
        assertEquals(Optional.empty(), store().findAccountByHandle(clash.handle()));
    }

    /** A handle held by another account is HandleTaken; nothing is written. */
    @Test
    default void createAccountWithTakenHandleIsHandleTakenAndWritesNothing() {
        Account existing = givenAccount();
        InviteCode code = givenInviteCode(5);
        Account clash = anAccount(randomDid(), existing.handle(), randomEmail());
        NewAccount attempt = new NewAccount(clash, Optional.of(code.code()),
                Optional.of(aRefreshToken(clash.did())));
        assertEquals(new CreateAccountResult.HandleTaken(), store().createAccount(attempt));
        assertNothingWrittenBy(attempt, existing);
    }

    /** An email held by another account is EmailTaken; nothing is written. */
    @Test
    default void createAccountWithTakenEmailIsEmailTakenAndWritesNothing() {
        Account existing = givenAccount();
        InviteCode code = givenInviteCode(5);
        Account clash = anAccount(randomDid(), randomHandle(), existing.email().orElseThrow());
        NewAccount attempt = new NewAccount(clash, Optional.of(code.code()),
                Optional.of(aRefreshToken(clash.did())));
        assertEquals(new CreateAccountResult.EmailTaken(), store().createAccount(attempt));
        assertNothingWrittenBy(attempt, existing);
    }

    /** Handle and email stay unique whatever the holder's status (taken down, deactivated). */
    @Test
    default void uniquenessHoldsWhateverTheStatus() {
        Account takenDown = givenAccount();
        Account deactivated = givenAccount();
        assertTrue(store().updateTakedown(takenDown.did(), Optional.of("ref")));
        assertTrue(store().updateDeactivation(deactivated.did(), Optional.of(at(10)), Optional.empty()));
        assertEquals(new CreateAccountResult.HandleTaken(), store().createAccount(newAccount(
                anAccount(randomDid(), takenDown.handle(), randomEmail()))));
        assertEquals(new CreateAccountResult.EmailTaken(), store().createAccount(newAccount(
                anAccount(randomDid(), randomHandle(), takenDown.email().orElseThrow()))));
        assertEquals(new CreateAccountResult.HandleTaken(), store().createAccount(newAccount(
                anAccount(randomDid(), deactivated.handle(), randomEmail()))));
        assertEquals(new CreateAccountResult.EmailTaken(), store().createAccount(newAccount(
                anAccount(randomDid(), randomHandle(), deactivated.email().orElseThrow()))));
        assertEquals(2, store().countAccounts());
    }

    /** Checks run in the order DID, handle, email, invite: the first failing one is reported. */
    @Test
    default void createAccountChecksDidThenHandleThenEmailThenInvite() {
        Account existing = givenAccount();
        String missingCode = randomInviteCode();
        String handle = existing.handle();
        String email = existing.email().orElseThrow();
        assertEquals(new CreateAccountResult.DidTaken(), store().createAccount(
                newAccount(anAccount(existing.did(), handle, email), missingCode)));
        assertEquals(new CreateAccountResult.HandleTaken(), store().createAccount(
                newAccount(anAccount(randomDid(), handle, email), missingCode)));
        assertEquals(new CreateAccountResult.EmailTaken(), store().createAccount(
                newAccount(anAccount(randomDid(), randomHandle(), email), missingCode)));
        assertEquals(new CreateAccountResult.InviteUnavailable(), store().createAccount(
                newAccount(anAccount(), missingCode)));
        assertEquals(1, store().countAccounts());
    }

    /** A code in the insert records one use: (code, new DID, the account's createdAt). */
    @Test
    default void createAccountWithInviteRecordsTheUse() {
        InviteCode code = givenInviteCode(2);
        Account account = anAccount();
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(account, code.code())));
        InviteCodeUse use = new InviteCodeUse(code.code(), account.did(), account.createdAt());
        assertEquals(Optional.of(new InviteCodeDetails(code, List.of(use))), store().findInviteCode(code.code()));
        assertEquals(Optional.of(use), store().inviteCodeUseOf(account.did()));
    }

    /** An unknown code is InviteUnavailable and nothing is written. */
    @Test
    default void createAccountWithUnknownInviteIsUnavailable() {
        NewAccount attempt = new NewAccount(anAccount(), Optional.of(randomInviteCode()),
                Optional.of(aRefreshToken(randomDid())));
        assertEquals(new CreateAccountResult.InviteUnavailable(), store().createAccount(attempt));
        assertNothingWrittenBy(attempt, null);
    }

    /** A disabled code is InviteUnavailable and nothing is written. */
    @Test
    default void createAccountWithDisabledInviteIsUnavailable() {
        InviteCode code = givenInviteCode(new InviteCode(randomInviteCode(), 3, true, InviteCode.ADMIN,
                InviteCode.ADMIN, T0));
        Account account = anAccount();
        NewAccount attempt = new NewAccount(account, Optional.of(code.code()),
                Optional.of(aRefreshToken(account.did())));
        assertEquals(new CreateAccountResult.InviteUnavailable(), store().createAccount(attempt));
        assertNothingWrittenBy(attempt, null);
    }

    /** A code with k uses creates exactly k accounts; the next sign-up is InviteUnavailable. */
    @Test
    default void createAccountWithExhaustedInviteIsUnavailable() {
        InviteCode code = givenInviteCode(3);
        for (int i = 0; i < 3; i++) {
            givenInvitedAccount(code.code());
        }
        NewAccount attempt = newAccount(anAccount(), code.code());
        assertEquals(new CreateAccountResult.InviteUnavailable(), store().createAccount(attempt));
        assertEquals(3, store().findInviteCode(code.code()).orElseThrow().uses().size());
        assertEquals(3, store().countAccounts());
        assertNothingWrittenBy(attempt, null);
    }

    /**
     * A code issued to a taken-down account is unavailable; lifting the takedown makes it available again.
     * Deactivation of the issuer does not matter.
     */
    @Test
    default void inviteOfTakenDownIssuerIsUnavailableUntilLifted() {
        Account issuer = givenAccount();
        InviteCode code = givenInviteCode(anEarnedInviteCode(issuer.did(), at(1)));
        assertTrue(store().updateTakedown(issuer.did(), Optional.of("mod-1")));
        assertFalse(store().isInviteCodeAvailable(code.code()));
        NewAccount attempt = newAccount(anAccount(), code.code());
        assertEquals(new CreateAccountResult.InviteUnavailable(), store().createAccount(attempt));
        assertNothingWrittenBy(attempt, null);

        assertTrue(store().updateTakedown(issuer.did(), Optional.empty()));
        assertTrue(store().updateDeactivation(issuer.did(), Optional.of(at(2)), Optional.of(at(3))));
        assertTrue(store().isInviteCodeAvailable(code.code()));
        assertEquals(new CreateAccountResult.Created(), store().createAccount(attempt));
    }

    /** Codes for {@code "admin"} and for DIDs with no account pass the issuer rule. */
    @Test
    default void adminCodesAndCodesOfUnknownIssuersAreUsable() {
        InviteCode admin = givenInviteCode(anInviteCode(randomInviteCode(), 1, InviteCode.ADMIN, T0));
        InviteCode orphan = givenInviteCode(anInviteCode(randomInviteCode(), 1, randomDid(), T0));
        givenInvitedAccount(admin.code());
        givenInvitedAccount(orphan.code());
        assertEquals(1, store().findInviteCode(admin.code()).orElseThrow().uses().size());
        assertEquals(1, store().findInviteCode(orphan.code()).orElseThrow().uses().size());
    }

    /** Sign-ups without a code are never affected by invite state. */
    @Test
    default void createAccountWithoutInviteRecordsNoUse() {
        Account account = givenAccount();
        assertEquals(Optional.empty(), store().inviteCodeUseOf(account.did()));
    }

    // ------------------------------------------------------------------------------------- updateHandle

    /** A new handle is found; the old one is free for another account. */
    @Test
    default void updateHandleMovesTheHandle() {
        Account account = givenAccount();
        String newHandle = randomHandle();
        assertEquals(new UpdateResult.Updated(), store().updateHandle(account.did(), newHandle));
        assertEquals(Optional.of(account.withHandle(newHandle)), store().findAccountByHandle(newHandle));
        assertEquals(Optional.empty(), store().findAccountByHandle(account.handle()));
        givenAccount(anAccount(randomDid(), account.handle(), randomEmail()));
    }

    /** Setting the account's own handle again is a no-op success. */
    @Test
    default void updateHandleToOwnHandleIsUpdated() {
        Account account = givenAccount();
        assertEquals(new UpdateResult.Updated(), store().updateHandle(account.did(), account.handle()));
        assertEquals(Optional.of(account), store().findAccountByHandle(account.handle()));
    }

    /** A handle held by another account is HandleTaken; nothing changes. */
    @Test
    default void updateHandleToTakenHandleIsHandleTaken() {
        Account account = givenAccount();
        Account other = givenAccount();
        assertEquals(new UpdateResult.HandleTaken(), store().updateHandle(account.did(), other.handle()));
        assertEquals(account, reload(account.did()));
        assertEquals(Optional.of(other), store().findAccountByHandle(other.handle()));
    }

    /** An unknown DID is NotFound, checked before the handle. */
    @Test
    default void updateHandleOfUnknownAccountIsNotFound() {
        Account other = givenAccount();
        assertEquals(new UpdateResult.NotFound(), store().updateHandle(randomDid(), randomHandle()));
        assertEquals(new UpdateResult.NotFound(), store().updateHandle(randomDid(), other.handle()));
        assertEquals(1, store().countAccounts());
    }

    // -------------------------------------------------------------------------------------- updateEmail

    /** A new email: found by it, the old one free, confirmation cleared, every email token deleted. */
    @Test
    default void updateEmailSetsEmailClearsConfirmationAndDeletesTokens() {
        Account account = givenAccount();
        assertTrue(store().updateEmailConfirmedAt(account.did(), at(5)));
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            givenEmailToken(purpose, account.did());
        }
        Account other = givenAccount();
        EmailToken othersToken = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, other.did());
        String newEmail = randomEmail();

        assertEquals(new UpdateResult.Updated(), store().updateEmail(account.did(), newEmail));

        Account expected = account.withEmail(newEmail);
        assertEquals(expected, reload(account.did()));
        assertEquals(Optional.empty(), reload(account.did()).emailConfirmedAt());
        assertEquals(Optional.of(expected), store().findAccountByEmail(newEmail));
        assertEquals(Optional.empty(), store().findAccountByEmail(account.email().orElseThrow()));
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            assertEquals(Optional.empty(), store().findEmailToken(purpose, account.did()), purpose.value());
        }
        assertEquals(Optional.of(othersToken), store().findEmailToken(EmailTokenPurpose.UPDATE_EMAIL, other.did()));
        givenAccount(anAccount(randomDid(), randomHandle(), account.email().orElseThrow()));
    }

    /**
     * Setting the account's own email again succeeds and, as the port describes the operation
     * unconditionally, still clears the confirmation and deletes the email tokens.
     */
    @Test
    default void updateEmailToOwnEmailIsUpdatedAndStillResetsConfirmation() {
        Account account = givenAccount();
        assertTrue(store().updateEmailConfirmedAt(account.did(), at(5)));
        givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        assertEquals(new UpdateResult.Updated(), store().updateEmail(account.did(), account.email().orElseThrow()));
        assertEquals(account, reload(account.did()));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did()));
    }

    /** An account without email gets one. */
    @Test
    default void updateEmailGivesAnEmailToAnAccountWithout() {
        Account account = givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        String email = randomEmail();
        assertEquals(new UpdateResult.Updated(), store().updateEmail(account.did(), email));
        assertEquals(Optional.of(account.withEmail(email)), store().findAccountByEmail(email));
    }

    /** An email held by another account is EmailTaken; nothing changes (confirmation, tokens kept). */
    @Test
    default void updateEmailToTakenEmailIsEmailTakenAndChangesNothing() {
        Account account = givenAccount();
        assertTrue(store().updateEmailConfirmedAt(account.did(), at(5)));
        EmailToken token = givenEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did());
        Account before = reload(account.did());
        Account other = givenAccount();
        assertEquals(new UpdateResult.EmailTaken(), store().updateEmail(account.did(), other.email().orElseThrow()));
        assertEquals(before, reload(account.did()));
        assertEquals(Optional.of(token), store().findEmailToken(EmailTokenPurpose.UPDATE_EMAIL, account.did()));
        assertEquals(Optional.of(other), store().findAccountByEmail(other.email().orElseThrow()));
    }

    /** An unknown DID is NotFound, checked before the email. */
    @Test
    default void updateEmailOfUnknownAccountIsNotFound() {
        Account other = givenAccount();
        assertEquals(new UpdateResult.NotFound(), store().updateEmail(randomDid(), randomEmail()));
        assertEquals(new UpdateResult.NotFound(), store().updateEmail(randomDid(), other.email().orElseThrow()));
    }

    // ----------------------------------------------------------------------------- passwords and status

    /** updatePassword sets the hash and deletes every refresh token and the reset_password token only. */
    @Test
    default void updatePasswordRevokesSessionsAndTheResetToken() {
        Account account = givenAccount();
        givenRefreshToken(account.did());
        givenRefreshToken(account.did());
        givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did());
        EmailToken confirm = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did());
        EmailToken delete = givenEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did());
        Account other = givenAccount();
        RefreshToken othersSession = givenRefreshToken(other.did());
        EmailToken othersReset = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, other.did());

        assertTrue(store().updatePassword(account.did(), "new-hash"));

        assertEquals(account.withPasswordHash("new-hash"), reload(account.did()));
        assertEquals(List.of(), store().refreshTokensOf(account.did()));
        assertEquals(Optional.empty(), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did()));
        assertEquals(Optional.of(confirm), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, account.did()));
        assertEquals(Optional.of(delete), store().findEmailToken(EmailTokenPurpose.DELETE_ACCOUNT, account.did()));
        assertEquals(List.of(othersSession), store().refreshTokensOf(other.did()));
        assertEquals(Optional.of(othersReset), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, other.did()));
        assertEquals(other, reload(other.did()));
    }

    /** updatePassword of an unknown DID is false. */
    @Test
    default void updatePasswordOfUnknownAccountIsFalse() {
        assertFalse(store().updatePassword(randomDid(), "hash"));
        assertEquals(0, store().countAccounts());
    }

    /** upgradePasswordHash replaces only the expected hash and revokes nothing. */
    @Test
    default void upgradePasswordHashIsACompareAndSet() {
        Account account = givenAccount();
        RefreshToken session = givenRefreshToken(account.did());
        EmailToken reset = givenEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did());
        String oldHash = account.passwordHash().orElseThrow();

        assertFalse(store().upgradePasswordHash(account.did(), "not-the-hash", "upgraded"));
        assertEquals(account, reload(account.did()));

        assertTrue(store().upgradePasswordHash(account.did(), oldHash, "upgraded"));
        assertEquals(account.withPasswordHash("upgraded"), reload(account.did()));
        assertEquals(List.of(session), store().refreshTokensOf(account.did()));
        assertEquals(Optional.of(reset), store().findEmailToken(EmailTokenPurpose.RESET_PASSWORD, account.did()));

        assertFalse(store().upgradePasswordHash(account.did(), oldHash, "again"));
        assertEquals(account.withPasswordHash("upgraded"), reload(account.did()));
    }

    /** upgradePasswordHash of an unknown DID, or of an account without password, is false. */
    @Test
    default void upgradePasswordHashWithoutAccountOrPasswordIsFalse() {
        assertFalse(store().upgradePasswordHash(randomDid(), "a", "b"));
        Account noPassword = givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        assertFalse(store().upgradePasswordHash(noPassword.did(), "", "b"));
        assertEquals(noPassword, reload(noPassword.did()));
    }

    /** Takedown apply and lift both set the reference and delete every refresh token of the account. */
    @Test
    default void updateTakedownSetsReferenceAndRevokesSessionsOnApplyAndLift() {
        Account account = givenAccount();
        givenRefreshToken(account.did());
        Account other = givenAccount();
        RefreshToken othersSession = givenRefreshToken(other.did());

        assertTrue(store().updateTakedown(account.did(), Optional.of("mod-ticket-7")));
        assertEquals(account.withTakedownRef(Optional.of("mod-ticket-7")), reload(account.did()));
        assertEquals(List.of(), store().refreshTokensOf(account.did()));

        givenRefreshToken(account.did());
        assertTrue(store().updateTakedown(account.did(), Optional.empty()));
        assertEquals(account, reload(account.did()));
        assertEquals(List.of(), store().refreshTokensOf(account.did()));
        assertEquals(List.of(othersSession), store().refreshTokensOf(other.did()));
    }

    /** updateTakedown of an unknown DID is false. */
    @Test
    default void updateTakedownOfUnknownAccountIsFalse() {
        assertFalse(store().updateTakedown(randomDid(), Optional.of("ref")));
    }

    /** Deactivation sets both values as given (deleteAfter may be absent); activation clears them. */
    @Test
    default void updateDeactivationSetsAndClears() {
        Account account = givenAccount();
        RefreshToken session = givenRefreshToken(account.did());
        assertTrue(store().updateDeactivation(account.did(), Optional.of(at(10)), Optional.of(at(86_400))));
        assertEquals(account.withDeactivation(Optional.of(at(10)), Optional.of(at(86_400))), reload(account.did()));
        assertTrue(store().updateDeactivation(account.did(), Optional.of(at(20)), Optional.empty()));
        assertEquals(account.withDeactivation(Optional.of(at(20)), Optional.empty()), reload(account.did()));
        assertTrue(store().updateDeactivation(account.did(), Optional.empty(), Optional.empty()));
        assertEquals(account, reload(account.did()));
        assertEquals(List.of(session), store().refreshTokensOf(account.did()));
        assertFalse(store().updateDeactivation(randomDid(), Optional.of(at(1)), Optional.empty()));
    }

    /** The invites-disabled flag is set and cleared; unknown DIDs are false. */
    @Test
    default void updateInvitesDisabledSetsTheFlag() {
        Account account = givenAccount();
        assertTrue(store().updateInvitesDisabled(account.did(), true));
        assertEquals(account.withInvitesDisabled(true), reload(account.did()));
        assertTrue(store().updateInvitesDisabled(account.did(), false));
        assertEquals(account, reload(account.did()));
        assertFalse(store().updateInvitesDisabled(randomDid(), true));
    }

    /** The confirmation time is set; unknown DIDs are false. */
    @Test
    default void updateEmailConfirmedAtSetsTheTime() {
        Account account = givenAccount();
        assertTrue(store().updateEmailConfirmedAt(account.did(), at(42)));
        assertEquals(account.withEmailConfirmedAt(at(42)), reload(account.did()));
        assertTrue(reload(account.did()).emailConfirmed());
        assertFalse(store().updateEmailConfirmedAt(randomDid(), at(1)));
    }

    /** The signing key is replaced; unknown DIDs are false. */
    @Test
    default void updateSigningKeyReplacesTheKey() {
        Account account = givenAccount();
        String key = "ab".repeat(32);
        assertTrue(store().updateSigningKey(account.did(), key));
        assertEquals(account.withSigningKey(Optional.of(key)), reload(account.did()));
        assertFalse(store().updateSigningKey(randomDid(), key));
    }

    /** Updates touch only the named account. */
    @Test
    default void updatesLeaveOtherAccountsAlone() {
        Account account = givenAccount();
        Account other = givenAccount();
        store().updateHandle(account.did(), randomHandle());
        store().updateEmail(account.did(), randomEmail());
        store().updatePassword(account.did(), "p");
        store().updateTakedown(account.did(), Optional.of("t"));
        store().updateDeactivation(account.did(), Optional.of(at(1)), Optional.empty());
        store().updateInvitesDisabled(account.did(), true);
        store().updateEmailConfirmedAt(account.did(), at(2));
        store().updateSigningKey(account.did(), "cd".repeat(32));
        assertEquals(other, reload(other.did()));
    }

    // ------------------------------------------------------------------------------------ deleteAccount

    /** After deletion no finder returns anything for the DID. */
    @Test
    default void deleteAccountRemovesEverythingAboutTheDid() {
        InviteCode signup = givenInviteCode(5);
        Account account = givenInvitedAccount(signup.code());
        RefreshToken session = givenRefreshToken(account.did());
        givenAppPassword(anAppPassword(account.did(), "phone", at(1)));
        RefreshToken appSession = StoreFixtures.anAppPasswordRefreshToken(account.did(), "phone");
        store().insertRefreshToken(appSession);
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            givenEmailToken(purpose, account.did());
        }
        InviteCode earned = anEarnedInviteCode(account.did(), at(2));
        InviteCode adminIssued = anInviteCode(randomInviteCode(), 2, account.did(), at(3));
        store().insertInviteCodes(List.of(earned, adminIssued));

        assertTrue(store().deleteAccount(account.did()));

        assertAll(
                () -> assertEquals(Optional.empty(), store().findAccountByDid(account.did())),
                () -> assertEquals(Optional.empty(), store().findAccountByHandle(account.handle())),
                () -> assertEquals(Optional.empty(), store().findAccountByEmail(account.email().orElseThrow())),
                () -> assertEquals(List.of(), store().searchAccountsByEmail(account.email().orElseThrow(),
                        Optional.empty(), 10)),
                () -> assertEquals(List.of(), store().refreshTokensOf(account.did())),
                () -> assertEquals(Optional.empty(), store().findRefreshToken(session.id())),
                () -> assertEquals(Optional.empty(), store().findRefreshToken(appSession.id())),
                () -> assertEquals(List.of(), store().appPasswordsOf(account.did())),
                () -> assertEquals(Optional.empty(), store().findAppPassword(account.did(), "phone")),
                () -> {
                    for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                        assertEquals(Optional.empty(), store().findEmailToken(purpose, account.did()), purpose.value());
                    }
                },
                () -> assertEquals(List.of(), store().inviteCodesForAccount(account.did())),
                () -> assertEquals(Optional.empty(), store().findInviteCode(earned.code())),
                () -> assertEquals(Optional.empty(), store().findInviteCode(adminIssued.code())),
                () -> assertFalse(store().isInviteCodeAvailable(earned.code())),
                () -> assertEquals(Optional.empty(), store().inviteCodeUseOf(account.did())),
                () -> assertEquals(0, store().countAccounts()));
    }

    /** The handle and email of a deleted account are free again, and the DID can be reused. */
    @Test
    default void deleteAccountFreesHandleEmailAndDid() {
        Account account = givenAccount();
        assertTrue(store().deleteAccount(account.did()));
        Account again = anAccount(randomDid(), account.handle(), account.email().orElseThrow());
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(again)));
        Account sameDid = anAccount(account.did(), randomHandle(), randomEmail());
        assertEquals(new CreateAccountResult.Created(), store().createAccount(newAccount(sameDid)));
        assertEquals(2, store().countAccounts());
    }

    /**
     * The use record of the code the account signed up with is kept, with {@code usedBy} replaced by a
     * distinct anonymous {@code did:deleted:...} value, so the code's use count (and exhaustion) is unchanged.
     */
    @Test
    default void deleteAccountAnonymisesItsSignupUseAndKeepsTheCount() {
        InviteCode code = givenInviteCode(3);
        Account first = givenInvitedAccount(code.code());
        Account second = givenInvitedAccount(code.code());
        Account third = givenInvitedAccount(code.code());

        assertTrue(store().deleteAccount(first.did()));
        assertTrue(store().deleteAccount(second.did()));

        List<InviteCodeUse> uses = store().findInviteCode(code.code()).orElseThrow().uses();
        assertEquals(3, uses.size());
        List<String> usedBy = uses.stream().map(InviteCodeUse::usedBy).toList();
        assertTrue(usedBy.contains(third.did()), usedBy::toString);
        List<String> anonymous = usedBy.stream().filter(d -> !d.equals(third.did())).toList();
        assertEquals(2, anonymous.size());
        for (String value : anonymous) {
            assertTrue(value.startsWith("did:deleted:") && value.length() > "did:deleted:".length(), value);
        }
        assertNotEquals(anonymous.get(0), anonymous.get(1));
        assertTrue(uses.stream().allMatch(u -> u.code().equals(code.code()) && u.usedAt().equals(T0)));
        assertFalse(store().isInviteCodeAvailable(code.code()));
        assertEquals(new CreateAccountResult.InviteUnavailable(),
                store().createAccount(newAccount(anAccount(), code.code())));
        assertEquals(Optional.of(new InviteCodeUse(code.code(), third.did(), T0)),
                store().inviteCodeUseOf(third.did()));
    }

    /** Codes issued to the deleted account go with their use records, as the port describes. */
    @Test
    default void deleteAccountDeletesCodesIssuedToItWithTheirUses() {
        Account issuer = givenAccount();
        InviteCode earned = givenInviteCode(anEarnedInviteCode(issuer.did(), at(1)));
        Account invitee = givenInvitedAccount(earned.code());
        InviteCode unrelated = givenInviteCode(1);

        assertTrue(store().deleteAccount(issuer.did()));

        assertEquals(Optional.empty(), store().findInviteCode(earned.code()));
        assertEquals(Optional.empty(), store().inviteCodeUseOf(invitee.did()));
        assertEquals(Optional.of(invitee), store().findAccountByDid(invitee.did()));
        assertEquals(Optional.of(new InviteCodeDetails(unrelated, List.of())),
                store().findInviteCode(unrelated.code()));
        List<String> listed = store().listInviteCodes(InviteSort.RECENT, 100, Optional.empty()).codes().stream()
                .map(d -> d.code().code()).toList();
        assertEquals(List.of(unrelated.code()), listed);
    }

    /** Deletion is idempotent: a second run answers false and changes nothing. */
    @Test
    default void deleteAccountIsIdempotent() {
        InviteCode code = givenInviteCode(2);
        Account account = givenInvitedAccount(code.code());
        Account other = givenAccount();
        assertTrue(store().deleteAccount(account.did()));
        InviteCodeDetails afterFirst = store().findInviteCode(code.code()).orElseThrow();
        assertFalse(store().deleteAccount(account.did()));
        assertEquals(afterFirst, store().findInviteCode(code.code()).orElseThrow());
        assertFalse(store().deleteAccount(randomDid()));
        assertEquals(Optional.of(other), store().findAccountByDid(other.did()));
        assertEquals(1, store().countAccounts());
    }

    /** Deleting one account leaves every other account's data alone. */
    @Test
    default void deleteAccountLeavesOtherAccountsAlone() {
        Account account = givenAccount();
        Account other = givenAccount();
        RefreshToken othersSession = givenRefreshToken(other.did());
        AppPassword othersApp = givenAppPassword(anAppPassword(other.did(), "phone", at(1)));
        givenAppPassword(anAppPassword(account.did(), "phone", at(1)));
        EmailToken othersToken = givenEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, other.did());
        InviteCode othersCode = givenInviteCode(anEarnedInviteCode(other.did(), at(1)));

        assertTrue(store().deleteAccount(account.did()));

        assertEquals(Optional.of(other), store().findAccountByDid(other.did()));
        assertEquals(List.of(othersSession), store().refreshTokensOf(other.did()));
        assertEquals(List.of(othersApp), store().appPasswordsOf(other.did()));
        assertEquals(Optional.of(othersToken), store().findEmailToken(EmailTokenPurpose.CONFIRM_EMAIL, other.did()));
        assertEquals(List.of(new InviteCodeDetails(othersCode, List.of())), store().inviteCodesForAccount(other.did()));
    }

    // ---------------------------------------------------------------------------- searchAccountsByEmail

    /** Results are ordered by DID and filtered by email prefix. */
    @Test
    default void searchAccountsByEmailFiltersByPrefixInDidOrder() {
        List<Account> matching = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            matching.add(givenAccount(anAccount(randomDid(), randomHandle(), "alice" + i + "@x.test")));
        }
        givenAccount(anAccount(randomDid(), randomHandle(), "bob@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "malice@x.test"));
        matching.sort(Comparator.comparing(Account::did));

        assertEquals(matching, store().searchAccountsByEmail("alice", Optional.empty(), 100));
        assertEquals(matching.subList(0, 1), store().searchAccountsByEmail("alice", Optional.empty(), 1));
        Account third = matching.get(2);
        assertEquals(List.of(third), store().searchAccountsByEmail(third.email().orElseThrow(), Optional.empty(), 10));
        assertEquals(List.of(), store().searchAccountsByEmail("carol", Optional.empty(), 10));
    }

    /** Paging with {@code afterDid} visits every match once, in DID order. */
    @Test
    default void searchAccountsByEmailPagesAfterDid() {
        List<Account> all = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            all.add(givenAccount());
        }
        all.sort(Comparator.comparing(Account::did));
        List<Account> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (int pages = 1; ; pages++) {
            assertTrue(pages <= all.size() + 1, "paging with afterDid does not end");
            List<Account> page = store().searchAccountsByEmail("u", after, 4);
            assertTrue(page.size() <= 4);
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(page);
            after = Optional.of(page.get(page.size() - 1).did());
        }
        assertEquals(all, seen);
        assertEquals(all.subList(3, 9), store().searchAccountsByEmail("", Optional.of(all.get(2).did()), 100));
    }

    /** An empty prefix matches every account that has an email; accounts without one never match. */
    @Test
    default void searchAccountsByEmailWithEmptyPrefixMatchesEveryAccountWithAnEmail() {
        Account a = givenAccount();
        Account b = givenAccount();
        givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        List<Account> expected = new ArrayList<>(List.of(a, b));
        expected.sort(Comparator.comparing(Account::did));
        assertEquals(expected, store().searchAccountsByEmail("", Optional.empty(), 100));
    }

    /** The prefix is literal: {@code _} and {@code %} are not wildcards. */
    @Test
    default void searchAccountsByEmailTreatsThePrefixLiterally() {
        Account underscore = givenAccount(anAccount(randomDid(), randomHandle(), "a_b@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "axb@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "ab@x.test"));
        Account percent = givenAccount(anAccount(randomDid(), randomHandle(), "c%d@x.test"));
        givenAccount(anAccount(randomDid(), randomHandle(), "cxd@x.test"));
        assertEquals(List.of(underscore), store().searchAccountsByEmail("a_", Optional.empty(), 10));
        assertEquals(List.of(percent), store().searchAccountsByEmail("c%", Optional.empty(), 10));
        assertEquals(List.of(), store().searchAccountsByEmail("%", Optional.empty(), 10));
    }

    /** countAccounts follows inserts and deletes. */
    @Test
    default void countAccountsFollowsInsertsAndDeletes() {
        Account a = givenAccount();
        givenAccount();
        givenAccount(anAccountWithoutCredentials(randomDid(), randomHandle()));
        assertEquals(3, store().countAccounts());
        store().deleteAccount(a.did());
        assertEquals(2, store().countAccounts());
    }

    // -------------------------------------------------------------------------------------------- races

    /** 16 sign-ups race for a single-use code, round after round: exactly one is Created each time. */
    @Test
    default void racingSignupsConsumeASingleUseInviteExactlyOnce() {
        assertInviteRace(16, 1);
    }

    /** 16 sign-ups race for a three-use code: exactly three are Created each round. */
    @Test
    default void racingSignupsConsumeAThreeUseInviteExactlyThreeTimes() {
        assertInviteRace(16, 3);
    }

    /** 10 sign-ups with different DIDs and emails race for one handle: exactly one is Created. */
    @Test
    default void racingSignupsForOneHandleCreateExactlyOneAccount() {
        int rounds = contractRaceRounds();
        try (Race race = new Race(10)) {
            for (int round = 0; round < rounds; round++) {
                String handle = randomHandle();
                List<NewAccount> attempts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    attempts.add(newAccount(anAccount(randomDid(), handle, randomEmail())));
                }
                List<CreateAccountResult> results = race.run(i -> () -> store().createAccount(attempts.get(i)));
                assertEquals(1, results.stream().filter(r -> r instanceof CreateAccountResult.Created).count(),
                        "round " + round + ": " + results);
                assertTrue(results.stream().allMatch(r -> r instanceof CreateAccountResult.Created
                        || r instanceof CreateAccountResult.HandleTaken), results::toString);
                String winner = attempts.get(indexOfCreated(results)).account().did();
                assertEquals(winner, store().findAccountByHandle(handle).orElseThrow().did());
            }
            assertEquals(rounds, store().countAccounts());
        }
    }

    private void assertInviteRace(int threads, int uses) {
        int rounds = contractRaceRounds();
        try (Race race = new Race(threads)) {
            for (int round = 0; round < rounds; round++) {
                InviteCode code = givenInviteCode(uses);
                List<NewAccount> attempts = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    attempts.add(new NewAccount(anAccount(), Optional.of(code.code()),
                            Optional.empty()));
                }
                List<CreateAccountResult> results = race.run(i -> () -> store().createAccount(attempts.get(i)));
                long created = results.stream().filter(r -> r instanceof CreateAccountResult.Created).count();
                assertEquals(uses, created, "round " + round + ": " + results);
                assertTrue(results.stream().allMatch(r -> r instanceof CreateAccountResult.Created
                        || r instanceof CreateAccountResult.InviteUnavailable), results::toString);
                Set<String> winners = new HashSet<>();
                for (int i = 0; i < threads; i++) {
                    boolean won = results.get(i) instanceof CreateAccountResult.Created;
                    String did = attempts.get(i).account().did();
                    assertEquals(won, store().findAccountByDid(did).isPresent(), "round " + round + " " + did);
                    if (won) {
                        winners.add(did);
                    }
                }
                Set<String> usedBy = store().findInviteCode(code.code()).orElseThrow().uses().stream()
                        .map(InviteCodeUse::usedBy).collect(Collectors.toSet());
                assertEquals(winners, usedBy, "round " + round);
            }
            assertEquals((long) rounds * uses, store().countAccounts());
        }
    }

    private static int indexOfCreated(List<CreateAccountResult> results) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof CreateAccountResult.Created) {
                return i;
            }
        }
        throw new AssertionError("no Created in " + results);
    }

    /**
     * Asserts that a failed insert left no trace: no row for its DID (other than {@code existing}), no
     * refresh token, no invite use.
     */
    private void assertNothingWrittenBy(NewAccount attempt, Account existing) {
        String did = attempt.account().did();
        if (existing != null && existing.did().equals(did)) {
            assertEquals(Optional.of(existing), store().findAccountByDid(did));
        } else {
            assertEquals(Optional.empty(), store().findAccountByDid(did));
            assertEquals(Optional.empty(), store().inviteCodeUseOf(did));
        }
        if (existing == null || !existing.handle().equals(attempt.account().handle())) {
            assertEquals(Optional.empty(), store().findAccountByHandle(attempt.account().handle()));
        }
        attempt.refreshToken().ifPresent(token ->
                assertEquals(Optional.empty(), store().findRefreshToken(token.id()), "refresh token written"));
        attempt.inviteCode().flatMap(code -> store().findInviteCode(code)).ifPresent(details ->
                assertTrue(details.uses().stream().noneMatch(u -> u.usedBy().equals(did)), "invite use written"));
    }

    /**
     * Keys containing NUL (which no stored value holds, and which PostgreSQL text cannot even carry) find
     * nothing and delete nothing, instead of failing: lookups are fed by user input.
     */
    @Test
    default void lookupsAndDeletesByKeysContainingNulFindAndChangeNothing() {
        Account account = givenAccount();
        String nul = account.did() + "\u0000";
        assertAll(
                () -> assertTrue(store().findAccountByDid(nul).isEmpty()),
                () -> assertTrue(store().findAccountByHandle(account.handle() + "\u0000").isEmpty()),
                () -> assertTrue(store().findAccountByEmail("\u0000" + account.email().orElseThrow()).isEmpty()),
                () -> assertTrue(store().searchAccountsByEmail("a\u0000", java.util.Optional.empty(), 10).isEmpty()),
                () -> assertTrue(store().findInviteCode("code\u0000").isEmpty()),
                () -> assertFalse(store().isInviteCodeAvailable("code\u0000")),
                () -> assertTrue(store().findRefreshToken("id\u0000").isEmpty()),
                () -> assertFalse(store().deleteRefreshToken("id\u0000")),
                () -> assertFalse(store().deleteAccount(nul)),
                () -> assertTrue(store().findAccountByDid(account.did()).isPresent()));
    }
}
