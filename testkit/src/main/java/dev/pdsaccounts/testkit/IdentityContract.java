package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.service.identity.AccountImport;
import dev.pdsaccounts.service.identity.IdentityService;
import dev.pdsaccounts.identity.PublicKey;
import dev.pdsaccounts.identity.ServiceAuth;
import dev.pdsaccounts.identity.ServiceAuthClaims;
import dev.pdsaccounts.session.Scope;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The identity use cases end to end over the adapter under test: {@code getServiceAuth} with its
 * restrictions, {@code reserveSigningKey}, {@code resolveHandle} and the refusals of {@code activateAccount}.
 */
public interface IdentityContract extends UseCaseFixture {

    /** An audience other services use. */
    String AUD = "did:web:feeds.example.com";

    private IdentityService identity() {
        return tp().pds().identity();
    }

    private long nowSeconds() {
        return tp().clock().instant().getEpochSecond();
    }

    private ServiceAuthClaims verify(String token, Optional<String> lxm) {
        return new ServiceAuth(tp().clock(), new SecureRandom()).verify(token, AUD, lxm,
                tp().didResolver());
    }

    private void assertFails(LexiconError error, String message, Executable call) {
        LexiconException e = assertThrows(LexiconException.class, call);
        assertEquals(error, e.error(), e::getMessage);
        assertEquals(message, e.getMessage());
    }

    /** A token from getServiceAuth verifies against the account's DID document; default expiry is 60 s. */
    @Test
    default void serviceAuthTokenVerifiesWithTheAccountsDidDocument() {
        CreateAccountOutput account = tp().createAccount(TestPds.randomName());
        String token = identity().getServiceAuth(account.did(), AUD, Optional.empty(),
                Optional.of("app.bsky.feed.getFeedSkeleton"), Scope.ACCESS);
        ServiceAuthClaims claims = verify(token, Optional.of("app.bsky.feed.getFeedSkeleton"));
        assertEquals(account.did(), claims.iss());
        assertEquals(Instant.ofEpochSecond(nowSeconds() + 60), claims.exp());
        assertEquals(Optional.of(Instant.ofEpochSecond(nowSeconds())), claims.iat());
        assertTrue(claims.jti().orElseThrow().matches("[0-9a-f]{32}"));

        String later = identity().getServiceAuth(account.did(), AUD, Optional.of(nowSeconds() + 3600),
                Optional.of("app.bsky.feed.getFeedSkeleton"), Scope.APP_PASS);
        assertEquals(Instant.ofEpochSecond(nowSeconds() + 3600), verify(later, Optional.empty()).exp());
        String methodless = identity().getServiceAuth(account.did(), AUD + "#svc", Optional.of(nowSeconds() + 60),
                Optional.empty(), Scope.APP_PASS);
        assertTrue(new ServiceAuth(tp().clock(), new SecureRandom()).verify(methodless, AUD + "#svc",
                Optional.empty(), tp().didResolver()).lxm().isEmpty());
    }

    /** Expiry in the past, over an hour ahead, or over a minute ahead without lxm is BadExpiration. */
    @Test
    default void serviceAuthExpiryRules() {
        String did = tp().createAccount(TestPds.randomName()).did();
        Optional<String> lxm = Optional.of("app.bsky.feed.getFeedSkeleton");
        assertFails(LexiconError.BAD_EXPIRATION, "expiration is in past",
                () -> identity().getServiceAuth(did, AUD, Optional.of(nowSeconds() - 1), lxm, Scope.ACCESS));
        assertFails(LexiconError.BAD_EXPIRATION,
                "cannot request a token with an expiration more than an hour in the future",
                () -> identity().getServiceAuth(did, AUD, Optional.of(nowSeconds() + 3601), lxm, Scope.ACCESS));
        assertFails(LexiconError.BAD_EXPIRATION,
                "cannot request a method-less token with an expiration more than a minute in the future",
                () -> identity().getServiceAuth(did, AUD, Optional.of(nowSeconds() + 61), Optional.empty(),
                        Scope.ACCESS));
        assertFails(LexiconError.BAD_EXPIRATION,
                "cannot request a token with an expiration more than an hour in the future",
                () -> identity().getServiceAuth(did, AUD, Optional.of(Long.MAX_VALUE), lxm, Scope.ACCESS));
        assertFails(LexiconError.BAD_EXPIRATION, "expiration is in past",
                () -> identity().getServiceAuth(did, AUD, Optional.of(Long.MIN_VALUE), lxm, Scope.ACCESS));
        assertEquals(400, assertThrows(LexiconException.class, () -> identity().getServiceAuth(did, AUD,
                Optional.of(nowSeconds() - 1), lxm, Scope.ACCESS)).status());
    }

    /** Protected methods never; createAccount and chat only from full or privileged sessions. */
    @Test
    default void serviceAuthMethodRules() {
        String did = tp().createAccount(TestPds.randomName()).did();
        for (String method : IdentityService.PROTECTED_METHODS) {
            assertFails(LexiconError.INVALID_REQUEST,
                    "cannot request a service auth token for the following protected method: " + method,
                    () -> identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of(method), Scope.ACCESS));
        }
        String create = AccountImport.CREATE_ACCOUNT_METHOD;
        assertFails(LexiconError.INVALID_REQUEST,
                "insufficient access to request a service auth token for the following method: " + create,
                () -> identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of(create), Scope.APP_PASS));
        String chat = "chat.bsky.convo.sendMessage";
        assertFails(LexiconError.INVALID_REQUEST,
                "insufficient access to request a service auth token for the following method: " + chat,
                () -> identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of(chat), Scope.APP_PASS));
        identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of(create), Scope.APP_PASS_PRIVILEGED);
        identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of(chat), Scope.ACCESS);
        // A taken-down session may only ask for the token that migrates the account away.
        identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of(create), Scope.TAKENDOWN);
        assertFails(LexiconError.INVALID_TOKEN, "Bad token scope", () -> identity().getServiceAuth(did, AUD,
                Optional.empty(), Optional.of("app.bsky.feed.getFeedSkeleton"), Scope.TAKENDOWN));
        assertFails(LexiconError.INVALID_TOKEN, "Bad token scope",
                () -> identity().getServiceAuth(did, AUD, Optional.empty(), Optional.empty(), Scope.REFRESH));
        assertFails(LexiconError.INVALID_REQUEST, "aud must be a valid atproto DID or did#serviceId reference",
                () -> identity().getServiceAuth(did, "https://not-a-did", Optional.empty(), Optional.empty(),
                        Scope.ACCESS));
        assertFails(LexiconError.INVALID_REQUEST, "Invalid lxm: must be an NSID",
                () -> identity().getServiceAuth(did, AUD, Optional.empty(), Optional.of("nope"), Scope.ACCESS));
        assertFails(LexiconError.ACCOUNT_NOT_FOUND, "Account not found",
                () -> identity().getServiceAuth(StoreFixtures.randomDid(), AUD, Optional.empty(), Optional.empty(),
                        Scope.ACCESS));
    }

    /**
     * reserveSigningKey answers a fresh secp256k1 did:key; asking again for the same DID answers the SAME key (no
     * auth, so a caller must never replace the key a migrating user already put in their DID document); a
     * reservation without a DID is new each time.
     */
    @Test
    default void reserveSigningKeyNeverReplacesADidsReservation() {
        String did = StoreFixtures.randomDid();
        String first = identity().reserveSigningKey(Optional.of(did));
        tp().clock().advance(java.time.Duration.ofHours(1));
        String second = identity().reserveSigningKey(Optional.of(did));
        String anonymous = identity().reserveSigningKey(Optional.empty());
        String anotherAnonymous = identity().reserveSigningKey(Optional.empty());
        assertTrue(first.startsWith("did:key:zQ3s"), first);
        assertEquals(PublicKey.parseDidKey(first).didKey(), first);
        assertEquals(first, second, "the existing reservation is returned, not replaced");
        assertTrue(!anonymous.equals(anotherAnonymous));
        assertEquals(3, StoreFixtures.reservationsHeld(tp().store()));
        assertEquals(first, StoreSteps.takeReservedSigningKey(tp().store(), did).orElseThrow().keyDid());
        assertEquals(anonymous, StoreSteps.takeReservedSigningKey(tp().store(), anonymous).orElseThrow().keyDid());
        assertFails(LexiconError.INVALID_REQUEST, "Invalid DID: DID requires \"did:\" prefix",
                () -> identity().reserveSigningKey(Optional.of("nope")));
    }

    /**
     * Reservations expire after {@code signingKeyReservationTtl} (24 h by default): each reservation sweeps the
     * expired ones (with or without a DID), and a DID whose reservation expired gets a new key.
     */
    @Test
    default void reservedSigningKeysExpireAndAreSwept() {
        java.time.Duration ttl = tp().pds().config().signingKeyReservationTtl();
        assertEquals(java.time.Duration.ofHours(24), ttl);
        String did = StoreFixtures.randomDid();
        String key = identity().reserveSigningKey(Optional.of(did));
        for (int i = 0; i < 100; i++) {
            identity().reserveSigningKey(Optional.empty());
        }
        tp().clock().advance(ttl.minusMillis(1));
        assertEquals(key, identity().reserveSigningKey(Optional.of(did)), "still live 1 ms before the TTL");
        assertEquals(101, StoreFixtures.reservationsHeld(tp().store()));
        tp().clock().advance(java.time.Duration.ofMillis(1));
        String renewed = identity().reserveSigningKey(Optional.of(did));
        assertTrue(!renewed.equals(key), "an expired reservation is replaced by a fresh one");
        assertEquals(1, StoreFixtures.reservationsHeld(tp().store()), "the 101 expired rows were swept");
        assertEquals(Optional.empty(), tp().store().findReservedSigningKey(key));
    }

    /**
     * At most {@code maxSigningKeyReservations} are held: a new reservation beyond it is RateLimitExceeded, while a
     * DID that holds one still gets it back; expiry frees room.
     */
    @Test
    default void reservedSigningKeysAreBounded() {
        TestPds small = withConfig(b -> b.maxSigningKeyReservations(3));
        IdentityService id = small.pds().identity();
        String did = StoreFixtures.randomDid();
        String held = id.reserveSigningKey(Optional.of(did));
        id.reserveSigningKey(Optional.empty());
        id.reserveSigningKey(Optional.empty());
        assertFails(LexiconError.RATE_LIMIT_EXCEEDED, "Too many signing keys are reserved, try again later",
                () -> id.reserveSigningKey(Optional.empty()));
        assertFails(LexiconError.RATE_LIMIT_EXCEEDED, "Too many signing keys are reserved, try again later",
                () -> id.reserveSigningKey(Optional.of(StoreFixtures.randomDid())));
        assertEquals(held, id.reserveSigningKey(Optional.of(did)));
        assertEquals(3, StoreFixtures.reservationsHeld(small.store()));
        small.clock().advance(small.pds().config().signingKeyReservationTtl());
        assertTrue(id.reserveSigningKey(Optional.empty()).startsWith("did:key:"));
        assertEquals(1, StoreFixtures.reservationsHeld(small.store()));
    }

    /** Local active accounts resolve; deactivated or unknown service handles do not; others go to the resolver. */
    @Test
    default void resolveHandleRules() {
        CreateAccountOutput account = tp().createAccount(TestPds.randomName());
        assertEquals(account.did(), identity().resolveHandle(account.handle().toUpperCase(Locale.ROOT)));
        StoreSteps.updateDeactivation(tp().store(), account.did(), Optional.of(tp().clock().instant()), Optional.empty());
        assertFails(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle",
                () -> identity().resolveHandle(account.handle()));
        assertFails(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle",
                () -> identity().resolveHandle(TestPds.randomName() + TestPds.DOMAIN));
        String external = TestPds.randomName() + ".example.org";
        assertFails(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle",
                () -> identity().resolveHandle(external));
        String did = StoreFixtures.randomDid();
        tp().handles().claim(external, did);
        assertEquals(did, identity().resolveHandle(external));
        assertEquals(LexiconError.INVALID_HANDLE,
                assertThrows(LexiconException.class, () -> identity().resolveHandle("not a handle")).error());
    }

    /** Unknown and taken-down accounts cannot be activated: AccountNotFound "user not found". */
    @Test
    default void activationRefusesUnknownAndTakenDownAccounts() {
        assertFails(LexiconError.ACCOUNT_NOT_FOUND, "user not found",
                () -> identity().activateAccount(StoreFixtures.randomDid()));
        CreateAccountOutput account = tp().createAccount(TestPds.randomName());
        StoreSteps.updateTakedown(tp().store(), account.did(), Optional.of("mod-1"));
        assertFails(LexiconError.ACCOUNT_NOT_FOUND, "user not found", () -> identity().activateAccount(account.did()));
    }

    /** A deactivated account created here (its PLC document points here) reactivates. */
    @Test
    default void deactivatedLocalAccountReactivates() {
        CreateAccountOutput account = tp().createAccount(TestPds.randomName());
        StoreSteps.updateDeactivation(tp().store(), account.did(), Optional.of(tp().clock().instant()), Optional.empty());
        identity().activateAccount(account.did());
        assertTrue(tp().store().findAccountByDid(account.did()).orElseThrow().deactivatedAt().isEmpty());
    }

    /** A plain sign-up that sends a service-auth token has it verified. */
    @Test
    default void signUpWithABadServiceAuthTokenIsRefused() {
        String name = TestPds.randomName();
        LexiconException e = assertThrows(LexiconException.class, () -> tp().pds().accounts().createAccount(
                CreateAccountInput.builder().handle(name + TestPds.DOMAIN)
                        .email(name + "@mail.test").password(TestPds.PASSWORD).inviteCode(tp().inviteCode()).build(),
                Optional.of("not-a-jwt")));
        assertEquals(LexiconError.AUTHENTICATION_REQUIRED, e.error());
        assertEquals(0, tp().store().countAccounts());
    }
}
