package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.service.identity.AccountImport;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.RecommendedDidCredentials;
import dev.pdsaccounts.identity.ServiceAuth;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.session.Scope;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code createAccount} with an existing DID, end to end over the adapter under test: account migration
 * (a service-auth token from the old PDS, the account created deactivated, activation once the PLC document
 * points here) and entryway-style creation with a signed {@code plcOp}.
 */
public interface ImportContract extends UseCaseFixture {

    private String serviceDid() {
        return tp().pds().config().serviceDid();
    }

    private String rotationDidKey() {
        return tp().secrets().plcRotationKey().publicKey().didKey();
    }

    private Instant inMinutes(long minutes) {
        return tp().clock().instant().plus(Duration.ofMinutes(minutes));
    }

    private String migrationToken(MigratingIdentity old) {
        return old.token(tp().clock(), serviceDid(), Optional.of(AccountImport.CREATE_ACCOUNT_METHOD), inMinutes(10));
    }

    private CreateAccountInput.Builder importInput(String did, String name) {
        return CreateAccountInput.builder().did(did).handle(name + TestPds.DOMAIN).email(name + "@mail.test")
                .inviteCode(tp().inviteCode());
    }

    private CreateAccountOutput importAccount(CreateAccountInput input, Optional<String> token) {
        return tp().pds().accounts().createAccount(input, token);
    }

    private LexiconException rejected(CreateAccountInput input, Optional<String> token) {
        return assertThrows(LexiconException.class, () -> importAccount(input, token));
    }

    private void assertRejected(LexiconError error, String message, Supplier<CreateAccountInput> input,
                                Optional<String> token) {
        LexiconException e = rejected(input.get(), token);
        assertEquals(error, e.error(), () -> "error for " + e.getMessage());
        assertEquals(message, e.getMessage());
    }

    private LexiconException activationFails(String did) {
        return assertThrows(LexiconException.class, () -> tp().pds().identity().activateAccount(did));
    }

    /** The whole migration: import deactivated, activation refused until PLC points here, then active. */
    @Test
    default void migrationImportsDeactivatedAndActivatesOncePlcPointsHere() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        String name = TestPds.randomName();
        Instant now = tp().clock().instant();
        CreateAccountOutput out = importAccount(importInput(old.did, name).build(),
                Optional.of(migrationToken(old)));

        assertEquals(old.did, out.did());
        assertEquals(name + TestPds.DOMAIN, out.handle());
        assertEquals(old.did, out.didDoc().orElseThrow().get("id"));
        assertEquals(old.did, tp().sessionTokens().verifyAccessToken(out.accessJwt(), Scope.FULL).did());
        Account stored = tp().store().findAccountByDid(old.did).orElseThrow();
        assertEquals(AccountStatus.DEACTIVATED, stored.status());
        assertEquals(Optional.of(now), stored.deactivatedAt());
        assertEquals(Optional.of(now.plus(Duration.ofDays(3))), stored.deleteAfter());
        assertEquals(Optional.of(name + "@mail.test"), stored.email());
        assertTrue(stored.passwordHash().isEmpty(), "no password was given");
        assertEquals(1, tp().store().refreshTokensOf(old.did).size());
        assertEquals(1, tp().plc().auditLog(old.did).size(), "an import sends no PLC operation");

        RecommendedDidCredentials creds = tp().pds().identity().getRecommendedDidCredentials(old.did);
        String newKey = creds.verificationMethods().get("atproto");
        assertNotEquals(old.signingKey.publicKey().didKey(), newKey, "a fresh signing key is made here");
        assertTrue(creds.rotationKeys().contains(rotationDidKey()));
        assertEquals(List.of("at://" + out.handle()), creds.alsoKnownAs());
        String publicUrl = tp().pds().config().publicUrl();
        assertEquals(publicUrl, creds.services().get("atproto_pds").get("endpoint"));

        LexiconException noKey = activationFails(old.did);
        assertEquals(LexiconError.INVALID_REQUEST, noKey.error());
        assertEquals("Server rotation key not included in PLC DID data", noKey.getMessage());

        old.update(creds.rotationKeys(), old.signingKey.publicKey().didKey(), out.handle(),
                MigratingIdentity.OLD_ENDPOINT);
        assertEquals("DID document atproto_pds service endpoint does not match PDS public url",
                activationFails(old.did).getMessage());
        old.update(creds.rotationKeys(), old.signingKey.publicKey().didKey(), out.handle(), publicUrl);
        assertEquals("DID document verification method does not match expected signing key",
                activationFails(old.did).getMessage());
        assertEquals(AccountStatus.DEACTIVATED, tp().store().findAccountByDid(old.did).orElseThrow().status());

        old.update(creds.rotationKeys(), newKey, out.handle(), publicUrl);
        tp().pds().identity().activateAccount(old.did);
        Account active = tp().store().findAccountByDid(old.did).orElseThrow();
        assertEquals(AccountStatus.ACTIVE, active.status());
        assertTrue(active.deleteAfter().isEmpty());
    }

    /** A P-256 signing key at the old PDS works as well (ES256 token). */
    @Test
    default void migrationFromP256SigningKey() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.P256);
        CreateAccountOutput out = importAccount(importInput(old.did, TestPds.randomName()).password("pw-123").build(),
                Optional.of(migrationToken(old)));
        assertEquals(old.did, out.did());
        assertTrue(tp().store().findAccountByDid(old.did).orElseThrow().passwordHash().isPresent());
    }

    /** A key reserved for the DID before the import becomes the account's signing key. */
    @Test
    default void importTakesTheKeyReservedForTheDid() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        String reserved = tp().pds().identity().reserveSigningKey(Optional.of(old.did));
        importAccount(importInput(old.did, TestPds.randomName()).build(), Optional.of(migrationToken(old)));
        assertEquals(reserved,
                tp().pds().identity().getRecommendedDidCredentials(old.did).verificationMethods().get("atproto"));
        assertEquals(Optional.empty(), StoreSteps.takeReservedSigningKey(tp().store(), old.did), "the reservation is used up");
    }

    /** Missing, foreign, forged, expired, misaddressed and unbound tokens are all refused with 401. */
    @Test
    default void importRequiresTheDidsOwnServiceAuthToken() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        MigratingIdentity other = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        String name = TestPds.randomName();
        Supplier<CreateAccountInput> input = () -> importInput(old.did, name).build();
        String missing = "Missing auth to create account with did: " + old.did;
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED, missing, input, Optional.empty());
        assertEquals(401, rejected(input.get(), Optional.empty()).status());
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED, missing, input, Optional.of(migrationToken(other)));

        SigningKeyPair forger = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        String forged = new ServiceAuth(tp().clock(), new SecureRandom()).issue(forger,
                old.did, serviceDid(), Optional.of(AccountImport.CREATE_ACCOUNT_METHOD), inMinutes(10));
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED, "jwt signature does not match jwt issuer", input,
                Optional.of(forged));
        String expired = old.token(tp().clock(), serviceDid(), Optional.of(AccountImport.CREATE_ACCOUNT_METHOD),
                tp().clock().instant().minusSeconds(1));
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED, "jwt expired", input, Optional.of(expired));
        String elsewhere = old.token(tp().clock(), "did:web:elsewhere.example.com",
                Optional.of(AccountImport.CREATE_ACCOUNT_METHOD), inMinutes(10));
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED, "jwt audience does not match service did", input,
                Optional.of(elsewhere));
        String otherMethod = old.token(tp().clock(), serviceDid(), Optional.of("com.atproto.repo.createRecord"),
                inMinutes(10));
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED,
                "bad jwt lexicon method (\"lxm\"). must match: com.atproto.server.createAccount", input,
                Optional.of(otherMethod));
        String unbound = old.token(tp().clock(), serviceDid(), Optional.empty(), inMinutes(1));
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED,
                "missing jwt lexicon method (\"lxm\"). must match: com.atproto.server.createAccount", input,
                Optional.of(unbound));
        assertRejected(LexiconError.AUTHENTICATION_REQUIRED, "poorly formatted jwt", input, Optional.of("a.b.c"));
        assertEquals(0, tp().store().countAccounts(), "no refused import created anything");
    }

    /** A DID the resolver does not know is UnresolvableDid. */
    @Test
    default void importOfAnUnresolvableDidIsUnresolvableDid() {
        SigningKeyPair key = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        String did = StoreFixtures.randomDid();
        String token = new ServiceAuth(tp().clock(), new SecureRandom()).issue(key, did,
                serviceDid(), Optional.of(AccountImport.CREATE_ACCOUNT_METHOD), inMinutes(10));
        assertRejected(LexiconError.UNRESOLVABLE_DID, "Could not resolve DID: " + did,
                () -> importInput(did, TestPds.randomName()).build(), Optional.of(token));
        assertEquals(0, tp().store().countAccounts());
    }

    /** Email stays required; an external handle must resolve to the DID; the DID can be imported once. */
    @Test
    default void importValidatesEmailHandleAndUniqueness() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        String name = TestPds.randomName();
        Optional<String> token = Optional.of(migrationToken(old));
        assertRejected(LexiconError.INVALID_REQUEST, "Email is required",
                () -> importInput(old.did, name).email(null).build(), token);
        String external = name + ".custom-domain.com";
        assertRejected(LexiconError.INVALID_REQUEST, "External handle did not resolve to DID",
                () -> importInput(old.did, name).handle(external).build(), token);
        tp().handles().claim(external, StoreFixtures.randomDid());
        assertRejected(LexiconError.INVALID_REQUEST, "External handle did not resolve to DID",
                () -> importInput(old.did, name).handle(external).build(), token);
        assertRejected(LexiconError.INVALID_REQUEST, "recoveryKey must be a did:key (K-256 or P-256)",
                () -> importInput(old.did, name).recoveryKey("did:key:nope").build(), token);
        assertEquals(0, tp().store().countAccounts());

        tp().handles().claim(external, old.did);
        CreateAccountOutput out = importAccount(
                importInput(old.did, name).handle(external.toUpperCase(Locale.ROOT)).build(), token);
        assertEquals(external, out.handle());
        assertRejected(LexiconError.INVALID_REQUEST, "An account with this DID already exists",
                () -> importInput(old.did, TestPds.randomName()).build(), Optional.of(migrationToken(old)));
    }

    /** A failed import gives a reservation it took back. */
    @Test
    default void failedImportRestoresTheReservation() {
        MigratingIdentity old = MigratingIdentity.register(tp().plc(), KeyAlgorithm.SECP256K1);
        String reserved = tp().pds().identity().reserveSigningKey(Optional.of(old.did));
        CreateAccountOutput taken = tp().createAccount(TestPds.randomName());
        assertRejected(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: " + taken.handle(),
                () -> importInput(old.did, TestPds.randomName()).handle(taken.handle()).build(),
                Optional.of(migrationToken(old)));
        assertEquals(reserved, StoreSteps.takeReservedSigningKey(tp().store(), old.did).orElseThrow().keyDid());
    }

    // ---------------------------------------------------------------- entryway-style plcOp

    /** A signed genesis op for this service (handle, endpoint, reserved signing key), by a user rotation key. */
    private Map<String, Object> entrywayOp(SigningKeyPair userRotation, String signingDidKey, String handle,
                                           String endpoint, boolean withServiceKey) {
        List<String> rotationKeys = new ArrayList<>(List.of(userRotation.publicKey().didKey()));
        if (withServiceKey) {
            rotationKeys.add(rotationDidKey());
        }
        return PlcOperations.sign(PlcOperations.genesisOperation(rotationKeys, signingDidKey, handle, endpoint),
                userRotation);
    }

    /** A valid plcOp with its DID creates an active account and registers the DID at PLC. */
    @Test
    default void plcOpWithDidCreatesActiveAccountAndRegistersTheDid() {
        SigningKeyPair user = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        String key = tp().pds().identity().reserveSigningKey(Optional.empty());
        String name = TestPds.randomName();
        Map<String, Object> op = entrywayOp(user, key, name + TestPds.DOMAIN, tp().pds().config().publicUrl(), true);
        String did = PlcOperations.didForGenesis(op);
        CreateAccountOutput out = tp().pds().accounts().createAccount(importInput(did, name).plcOp(op).build(),
                Optional.empty());
        assertEquals(did, out.did());
        assertEquals(did, out.didDoc().orElseThrow().get("id"));
        assertEquals(AccountStatus.ACTIVE, tp().store().findAccountByDid(did).orElseThrow().status());
        assertEquals(op, tp().plc().lastOperation(did).orElseThrow());
        assertEquals(key, tp().pds().identity().getRecommendedDidCredentials(did).verificationMethods().get("atproto"));
        // Active at once and pointing here: activation re-checks and passes.
        tp().pds().identity().activateAccount(did);
    }

    /** Each way a plcOp can fail to fit this service has its IncompatibleDidDoc message. */
    @Test
    default void plcOpMismatchesAreIncompatibleDidDoc() {
        SigningKeyPair user = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom());
        String key = tp().pds().identity().reserveSigningKey(Optional.empty());
        String name = TestPds.randomName();
        String handle = name + TestPds.DOMAIN;
        String url = tp().pds().config().publicUrl();

        Map<String, Object> noServiceKey = entrywayOp(user, key, handle, url, false);
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC, "PLC DID does not include service rotation key",
                PlcOperations.didForGenesis(noServiceKey), name, noServiceKey);
        Map<String, Object> malformed = new HashMap<>(entrywayOp(user, key, handle, url, true));
        malformed.remove("services");
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC, "invalid plc operation", StoreFixtures.randomDid(),
                name, malformed);
        Map<String, Object> good = entrywayOp(user, key, handle, url, true);
        Map<String, Object> badSig = new HashMap<>(good);
        badSig.put("sig", entrywayOp(user, key, handle + "x", url, true).get("sig"));
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC, "invalid plc operation",
                PlcOperations.didForGenesis(good), name, badSig);
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC, "plc operation does not create the provided DID",
                StoreFixtures.randomDid(), name, good);
        Map<String, Object> otherHandle = entrywayOp(user, key, "zz" + handle, url, true);
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC, "provided handle does not match DID document handle",
                PlcOperations.didForGenesis(otherHandle), name, otherHandle);
        Map<String, Object> otherPds = entrywayOp(user, key, handle, "https://elsewhere.example.com", true);
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC,
                "DID document pds endpoint does not match service endpoint",
                PlcOperations.didForGenesis(otherPds), name, otherPds);
        String unreserved = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom()).publicKey().didKey();
        Map<String, Object> notReserved = entrywayOp(user, unreserved, handle, url, true);
        assertPlcOpRejected(LexiconError.INVALID_REQUEST, "reserved signing key does not exist",
                PlcOperations.didForGenesis(notReserved), name, notReserved);

        // A key reserved for the DID wins the lookup; an op naming another key does not match it.
        String did = PlcOperations.didForGenesis(good);
        String forDid = tp().pds().identity().reserveSigningKey(Optional.of(did));
        assertPlcOpRejected(LexiconError.INCOMPATIBLE_DID_DOC,
                "DID document signing key does not match service signing key", did, name, good);
        assertEquals(forDid, StoreSteps.takeReservedSigningKey(tp().store(), did).orElseThrow().keyDid(),
                "the refused request put the reservation back");
        assertEquals(0, tp().store().countAccounts());
        assertTrue(tp().plc().lastOperation(did).isEmpty(), "nothing was registered");

        // The reserved anonymous key is still there: the good op goes through now.
        tp().pds().accounts().createAccount(importInput(did, name).plcOp(good).build(), Optional.empty());
        assertEquals(AccountStatus.ACTIVE, tp().store().findAccountByDid(did).orElseThrow().status());
    }

    private void assertPlcOpRejected(LexiconError error, String message, String did, String name,
                                     Map<String, Object> op) {
        assertRejected(error, message, () -> importInput(did, name).plcOp(op).build(), Optional.empty());
    }
}
