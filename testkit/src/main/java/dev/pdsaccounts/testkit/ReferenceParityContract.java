package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.UseCaseAsserts.account;
import static dev.pdsaccounts.testkit.UseCaseAsserts.assertLexicon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.account.DisposableEmailCheck;
import dev.pdsaccounts.account.DisposableEmailDomains;
import dev.pdsaccounts.account.RepoStatus;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.events.IdentityEvent;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.ServiceAuth;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.service.identity.IdentityService;
import dev.pdsaccounts.service.identity.PlcOperationFields;
import dev.pdsaccounts.service.identity.PlcOperationService;
import dev.pdsaccounts.session.Scope;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Answers that must match the reference PDS exactly (issue 19): disposable email domains, the case-insensitive
 * method sets and audience check of {@code getServiceAuth}, {@code resolveHandle}'s {@code HandleNotFound},
 * admin re-activation of a taken-down account, the error name of a too-long reset password.
 */
public interface ReferenceParityContract extends UseCaseFixture {
    /** The reference's refusal of an invalid or disposable email. */
    String NOT_SUPPORTED = "This email address is not supported, please use a different email.";

    private CreateAccountInput.Builder signUp(String name, String email) {
        return CreateAccountInput.builder().handle(name + TestPds.DOMAIN).email(email).password(TestPds.PASSWORD)
                .inviteCode(tp().inviteCode());
    }

    /**
     * By default an email at a listed disposable domain (any case) is refused at sign-up and at an email change with
     * the reference's message and changes nothing; a sub-domain of a listed domain is accepted, as the reference
     * matches the domain exactly.
     */
    @Test
    default void disposableEmailDomainsAreRefusedByDefaultAtSignUpAndEmailChange() {
        String name = TestPds.randomName();
        assertLexicon(LexiconError.INVALID_REQUEST, NOT_SUPPORTED,
                () -> tp().pds().accounts().createAccount(signUp(name, name + "@mailinator.com").build()));
        assertLexicon(LexiconError.INVALID_REQUEST, NOT_SUPPORTED,
                () -> tp().pds().accounts().createAccount(signUp(name, name + "@MailInator.COM").build()));
        assertTrue(tp().store().findAccountByHandle(name + TestPds.DOMAIN).isEmpty(), "nothing created");
        // Exact match on the domain only: a sub-domain of a listed domain is not refused (as the reference).
        CreateAccountOutput sub = tp().pds().accounts().createAccount(
                signUp(name, name + "@sub.mailinator.com").build());
        assertLexicon(LexiconError.INVALID_REQUEST, NOT_SUPPORTED,
                () -> tp().pds().email().updateEmail(sub.did(), name + "@yopmail.com", Optional.empty()));
        assertEquals(name + "@sub.mailinator.com", account(tp(), sub.did()).email().orElseThrow(), "unchanged");
        tp().pds().email().updateEmail(sub.did(), name + "@mail.test", Optional.empty());
        assertEquals(name + "@mail.test", account(tp(), sub.did()).email().orElseThrow());
    }

    /**
     * The default disposable-domain list (8883 domains, matched trimmed and ignoring case) can be extended without
     * changing the defaults or replaced by the embedder's own check, which sign-up then applies instead.
     */
    @Test
    default void theDisposableListCanBeReplacedOrExtended() {
        DisposableEmailDomains defaults = DisposableEmailDomains.defaults();
        assertEquals(8883, defaults.size());
        assertTrue(defaults.isDisposable("mailinator.com"));
        assertTrue(defaults.isDisposable(" MAILINATOR.com "));
        assertFalse(defaults.isDisposable("sub.mailinator.com"));
        assertFalse(defaults.isDisposable("mail.test"));
        DisposableEmailDomains extended = defaults.plus(List.of(" Burner.Example "));
        assertTrue(extended.isDisposable("burner.example"));
        assertTrue(extended.isDisposable("mailinator.com"));
        assertFalse(defaults.isDisposable("burner.example"), "the defaults are not changed");
        DisposableEmailCheck own = DisposableEmailDomains.of(List.of("mail.test"));
        assertFalse(own.isDisposable("mailinator.com"));
        assertTrue(DisposableEmailCheck.NONE.or(own).isDisposable("mail.test"));

        PdsAccounts custom = UseCaseAsserts.sameServiceOver(tp(), tp().store()).disposableEmailCheck(own).build();
        String name = TestPds.randomName();
        assertLexicon(LexiconError.INVALID_REQUEST, NOT_SUPPORTED,
                () -> custom.accounts().createAccount(signUp(name, name + "@mail.test").build()));
        custom.accounts().createAccount(signUp(name, name + "@mailinator.com").build());
    }

    /**
     * {@code getServiceAuth} compares method names ignoring case: privileged methods need a privileged app password,
     * protected methods are refused even to a full-access session, and a taken-down session may still ask for
     * {@code createAccount} in any spelling.
     */
    @Test
    default void serviceAuthComparesMethodNamesIgnoringCase() {
        String did = tp().createAccount(TestPds.randomName()).did();
        IdentityService identity = tp().pds().identity();
        String aud = "did:web:feeds.example.com";
        for (String method : List.of("com.atproto.server.createaccount", "COM.ATPROTO.SERVER.CREATEACCOUNT",
                "chat.BSKY.convo.getLog", "Chat.bsky.actor.deleteAccount")) {
            assertLexicon(LexiconError.INVALID_REQUEST,
                    "insufficient access to request a service auth token for the following method: " + method,
                    () -> identity.getServiceAuth(did, aud, Optional.empty(), Optional.of(method), Scope.APP_PASS));
            identity.getServiceAuth(did, aud, Optional.empty(), Optional.of(method), Scope.APP_PASS_PRIVILEGED);
        }
        for (String method : IdentityService.PROTECTED_METHODS) {
            for (String spelled : List.of(method, method.toLowerCase(Locale.ROOT), method.toUpperCase(Locale.ROOT))) {
                assertLexicon(LexiconError.INVALID_REQUEST,
                        "cannot request a service auth token for the following protected method: " + spelled,
                        () -> identity.getServiceAuth(did, aud, Optional.empty(), Optional.of(spelled), Scope.ACCESS));
            }
        }
        // A taken-down session may ask for createAccount spelled in any case.
        identity.getServiceAuth(did, aud, Optional.empty(), Optional.of("com.atproto.server.CreateAccount"),
                Scope.TAKENDOWN);
    }

    /**
     * {@code getServiceAuth} accepts as audience a {@code did:plc} or {@code did:web}, with or without a {@code
     * #service} fragment, and refuses a {@code did:key}, another DID method, an empty fragment, a URL or an empty
     * audience with the reference's message.
     */
    @Test
    default void serviceAuthAudienceMustBeAnAtprotoDidOrServiceReference() {
        String did = tp().createAccount(TestPds.randomName()).did();
        IdentityService identity = tp().pds().identity();
        for (String ok : List.of("did:web:feeds.example.com", "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
                "did:web:api.bsky.chat#bsky_chat", "did:plc:ewvi7nxzyoun6zhxrhs64oiz#atproto_labeler")) {
            identity.getServiceAuth(did, ok, Optional.empty(), Optional.empty(), Scope.ACCESS);
        }
        for (String bad : List.of("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                "did:example:123", "did:web:feeds.example.com#", "https://feeds.example.com", "", "#svc")) {
            assertLexicon(LexiconError.INVALID_REQUEST, "aud must be a valid atproto DID or did#serviceId reference",
                    () -> identity.getServiceAuth(did, bad, Optional.empty(), Optional.empty(), Scope.ACCESS));
        }
    }

    /**
     * Resolving an unknown handle, on the service's domain or another, answers {@code HandleNotFound} (HTTP 400) with
     * the reference's message.
     */
    @Test
    default void resolveHandleAnswersHandleNotFound() {
        assertLexicon(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle",
                () -> tp().pds().identity().resolveHandle(TestPds.randomName() + TestPds.DOMAIN));
        assertLexicon(LexiconError.HANDLE_NOT_FOUND, "Unable to resolve handle",
                () -> tp().pds().identity().resolveHandle(TestPds.randomName() + ".example.org"));
        assertEquals("HandleNotFound", LexiconError.HANDLE_NOT_FOUND.errorName());
        assertEquals(400, LexiconError.HANDLE_NOT_FOUND.status());
    }

    /**
     * An admin cannot reactivate a taken-down account ({@code AccountNotFound}, "user not found"; it stays deactivated
     * and taken down) unless the same call lifts the takedown.
     */
    @Test
    default void adminCannotActivateATakenDownAccount() {
        String did = tp().createAccount(TestPds.randomName()).did();
        tp().pds().admin().updateSubjectStatus(did, Optional.of(true), Optional.of("mod-1"), Optional.of(true));
        Account before = account(tp(), did);
        assertTrue(before.isTakenDown() && before.deactivatedAt().isPresent());
        assertLexicon(LexiconError.ACCOUNT_NOT_FOUND, "user not found",
                () -> tp().pds().admin().updateSubjectStatus(did, Optional.empty(), Optional.empty(),
                        Optional.of(false)));
        Account after = account(tp(), did);
        assertEquals(before.deactivatedAt(), after.deactivatedAt(), "still deactivated");
        assertEquals(Optional.of("mod-1"), after.takedownRef(), "still taken down, same reference");
        // Lifting the takedown in the same call allows the activation.
        tp().pds().admin().updateSubjectStatus(did, Optional.of(false), Optional.empty(), Optional.of(false));
        Account lifted = account(tp(), did);
        assertFalse(lifted.isTakenDown());
        assertTrue(lifted.deactivatedAt().isEmpty());
    }

    /**
     * A password over 256 characters, at a reset or an admin password change, is {@code InvalidRequest} "Invalid
     * password length.", as in the reference; 256 characters are accepted.
     */
    @Test
    default void tooLongResetPasswordIsAnInvalidRequest() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String email = UseCaseAsserts.emailOf(acct.handle());
        tp().pds().email().requestPasswordReset(email);
        String token = UseCaseAsserts.mailedToken(tp(), email, dev.pdsaccounts.mail.MailTemplate.RESET_PASSWORD);
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid password length.",
                () -> tp().pds().email().resetPassword(token, "p".repeat(257)));
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid password length.",
                () -> tp().pds().admin().updateAccountPassword(acct.did(), "p".repeat(257)));
        tp().pds().email().resetPassword(token, "p".repeat(256));
    }

    /**
     * {@code getRepoStatus} reports an active account with the host's repo revision (none without a revision hook), a
     * deactivated or taken-down one as inactive with its status and no revision, {@code RepoNotFound} for an unknown
     * DID and {@code InvalidRequest} for a malformed one.
     */
    @Test
    default void getRepoStatusReportsEveryStatusAndTheHostsRev() {
        String did = tp().createAccount(TestPds.randomName()).did();
        RepoStatus active = tp().pds().sync().getRepoStatus(did);
        assertEquals(new RepoStatus(did, true, Optional.empty(), Optional.empty()), active, "no rev without a hook");
        PdsAccounts withRevs = UseCaseAsserts.sameServiceOver(tp(), tp().store())
                .repoRevisions(d -> Optional.of("3l" + d.length())).build();
        assertEquals(Optional.of("3l" + did.length()), withRevs.sync().getRepoStatus(did).rev());
        tp().pds().admin().updateSubjectStatus(did, Optional.empty(), Optional.empty(), Optional.of(true));
        assertEquals(new RepoStatus(did, false, Optional.of("deactivated"), Optional.empty()),
                withRevs.sync().getRepoStatus(did), "rev only when active");
        tp().pds().admin().updateSubjectStatus(did, Optional.of(true), Optional.empty(), Optional.empty());
        assertEquals(new RepoStatus(did, false, Optional.of("takendown"), Optional.empty()),
                tp().pds().sync().getRepoStatus(did));
        String unknown = StoreFixtures.randomDid();
        assertLexicon(LexiconError.REPO_NOT_FOUND, "Could not find repo for DID: " + unknown,
                () -> tp().pds().sync().getRepoStatus(unknown));
        assertLexicon(LexiconError.INVALID_REQUEST, null, () -> tp().pds().sync().getRepoStatus("not-a-did"));
    }

    /**
     * An admin email reaches the account's address through the mailer with the reference's default subject or the one
     * given, also when the account is taken down; an unknown recipient is refused and nothing is sent.
     */
    @Test
    default void adminSendEmailGoesThroughTheMailer() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String email = UseCaseAsserts.emailOf(acct.handle());
        String mod = "did:plc:moderator0000000000000000";
        assertTrue(tp().pds().admin().sendEmail(acct.did(), "Hello,\nplease read our policy.", Optional.empty(),
                mod, Optional.of("case 12")));
        Mail mail = tp().mailer().latest(email, MailTemplate.ADMIN_EMAIL).orElseThrow();
        assertEquals("Message via your PDS", mail.subject());
        assertEquals(Optional.of("Hello,\nplease read our policy."), mail.content());
        assertEquals("", mail.token());
        tp().pds().admin().sendEmail(acct.did(), "Second", Optional.of("About your account"), mod,
                Optional.empty());
        assertEquals("About your account", tp().mailer().latest(email, MailTemplate.ADMIN_EMAIL).orElseThrow()
                .subject());
        // Any status: a taken-down account still gets the mail.
        tp().pds().admin().updateSubjectStatus(acct.did(), Optional.of(true), Optional.empty(), Optional.empty());
        tp().pds().admin().sendEmail(acct.did(), "Third", Optional.empty(), mod, Optional.empty());
        assertEquals(Optional.of("Third"), tp().mailer().latest(email, MailTemplate.ADMIN_EMAIL).orElseThrow()
                .content());
        int sent = tp().mailer().mails().size();
        assertLexicon(LexiconError.INVALID_REQUEST, "Recipient not found", () -> tp().pds().admin()
                .sendEmail(StoreFixtures.randomDid(), "x", Optional.empty(), mod, Optional.empty()));
        assertEquals(sent, tp().mailer().mails().size(), "nothing sent");
    }

    /** A moderation service identity: a did:plc with an {@code atproto} and an {@code atproto_label} key. */
    record Moderator(String did, SigningKeyPair atprotoKey, SigningKeyPair labelKey, Map<String, Object> genesis) {
        /**
         * Builds one with fresh secp256k1 keys (not yet submitted to any directory).
         *
         * @return the moderator, with its signed genesis operation
         */
        public static Moderator create() {
            SecureRandom random = new SecureRandom();
            SigningKeyPair rotation = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
            SigningKeyPair atproto = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
            SigningKeyPair label = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random);
            Map<String, Object> op = new LinkedHashMap<>(PlcOperations.genesisOperation(
                    List.of(rotation.publicKey().didKey()), atproto.publicKey().didKey(),
                    TestPds.randomName() + ".mod.example.com", "https://mod.example.com"));
            op.put("verificationMethods", Map.of(PlcOperations.ATPROTO_KEY_ID, atproto.publicKey().didKey(),
                    ServiceAuth.LABEL_KEY_ID, label.publicKey().didKey()));
            Map<String, Object> genesis = PlcOperations.sign(op, rotation);
            return new Moderator(PlcOperations.didForGenesis(genesis), atproto, label, genesis);
        }

        /**
         * Issues a service-auth token, valid a minute.
         *
         * @param clock the clock giving the issue time
         * @param key   the key that signs it
         * @param iss   the issuer claim
         * @param aud   the audience claim
         * @param lxm   the lexicon-method claim, if any
         * @return the signed JWT
         */
        public String token(java.time.Clock clock, SigningKeyPair key, String iss, String aud, Optional<String> lxm) {
            return new ServiceAuth(clock, new SecureRandom()).issue(key, iss, aud, lxm,
                    clock.instant().plusSeconds(60));
        }
    }

    /**
     * Admin calls accept a service-auth JWT of the configured moderation service, signed with its atproto key or, as
     * its labeler, its label key, for the method called or for any; a wrong key, method, audience or issuer is refused,
     * and without a configured moderation service no token is accepted.
     */
    @Test
    default void adminMethodsAcceptTheModerationServicesJwt() {
        Moderator mod = Moderator.create();
        tp().plc().submit(mod.did(), mod.genesis());
        PdsConfig config = tp().pds().config().toBuilder().moderationServiceDid(mod.did()).build();
        PdsAccounts pds = PdsAccounts.builder().config(config).secrets(tp().secrets()).store(tp().store())
                .clock(tp().clock()).random(tp().random()).mailer(tp().mailer()).passwordHasher(tp().hasher())
                .appPasswordHasher(tp().appPasswordHasher()).plcDirectory(tp().plc()).build();
        String aud = config.serviceDid();
        String method = "com.atproto.admin.getAccountInfo";
        IdentityService id = pds.identity();
        assertEquals(mod.did(), id.verifyModerationServiceAuth(
                mod.token(tp().clock(), mod.atprotoKey(), mod.did(), aud, Optional.of(method)), method));
        assertEquals(mod.did(), id.verifyModerationServiceAuth(
                mod.token(tp().clock(), mod.atprotoKey(), mod.did(), aud, Optional.empty()), method));
        String labeler = mod.did() + "#atproto_labeler";
        assertEquals(labeler, id.verifyModerationServiceAuth(
                mod.token(tp().clock(), mod.labelKey(), labeler, aud, Optional.of(method)), method));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "jwt signature does not match jwt issuer",
                () -> id.verifyModerationServiceAuth(
                        mod.token(tp().clock(), mod.atprotoKey(), labeler, aud, Optional.empty()), method));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, null, () -> id.verifyModerationServiceAuth(
                mod.token(tp().clock(), mod.atprotoKey(), mod.did(), aud,
                        Optional.of("com.atproto.admin.deleteAccount")), method));
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "jwt audience does not match service did",
                () -> id.verifyModerationServiceAuth(mod.token(tp().clock(), mod.atprotoKey(), mod.did(),
                        "did:web:elsewhere.example", Optional.empty()), method));
        // Any other issuer, even a resolvable one with a valid signature, is refused.
        Moderator other = Moderator.create();
        tp().plc().submit(other.did(), other.genesis());
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, null, () -> id.verifyModerationServiceAuth(
                other.token(tp().clock(), other.atprotoKey(), other.did(), aud, Optional.empty()), method));
        // Without a configured moderation service, no token is accepted.
        assertLexicon(LexiconError.AUTHENTICATION_REQUIRED, "Untrusted issuer",
                () -> tp().pds().identity().verifyModerationServiceAuth(
                        mod.token(tp().clock(), mod.atprotoKey(), mod.did(), aud, Optional.empty()), method));
    }

    private String plcToken(CreateAccountOutput acct) {
        tp().pds().email().requestPlcOperationSignature(acct.did());
        return UseCaseAsserts.mailedToken(tp(), UseCaseAsserts.emailOf(acct.handle()), MailTemplate.PLC_OPERATION);
    }

    /**
     * Signing a PLC operation needs the mailed PLC token (missing, wrong or expired is refused, a malformed field too,
     * keeping the token); it returns an update chained to the last operation, with the requested rotation keys and
     * every other field copied, signed by the server's rotation key, and consumes the token.
     */
    @Test
    default void signPlcOperationNeedsTheEmailTokenAndSignsAnUpdateWithTheServerKey() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        PlcOperationService plc = tp().pds().plcOperations();
        assertLexicon(LexiconError.INVALID_REQUEST, "email confirmation token required to sign PLC operations",
                () -> plc.signPlcOperation(acct.did(), Optional.empty(), PlcOperationFields.NONE));
        String token = plcToken(acct);
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> plc.signPlcOperation(acct.did(), Optional.of("AAAAA-BBBBB"), PlcOperationFields.NONE));
        // A bad shape is refused (the reference does not check) and the token is kept.
        assertLexicon(LexiconError.INVALID_REQUEST, null, () -> plc.signPlcOperation(acct.did(), Optional.of(token),
                new PlcOperationFields(Optional.of(List.of("not-a-did-key")), Optional.empty(), Optional.empty(),
                        Optional.empty())));
        assertLexicon(LexiconError.INVALID_REQUEST, null, () -> plc.signPlcOperation(acct.did(), Optional.of(token),
                new PlcOperationFields(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(Map.of("atproto_pds", "https://x.example")))));
        Map<String, Object> last = tp().plc().lastOperation(acct.did()).orElseThrow();
        String newKey = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom()).publicKey().didKey();
        String serverKey = tp().secrets().plcRotationKey().publicKey().didKey();
        Map<String, Object> op = plc.signPlcOperation(acct.did(), Optional.of(token), new PlcOperationFields(
                Optional.of(List.of(newKey, serverKey)), Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals("plc_operation", op.get("type"));
        assertEquals(PlcOperations.cid(last), op.get("prev"));
        assertEquals(List.of(newKey, serverKey), op.get("rotationKeys"));
        assertEquals(last.get("alsoKnownAs"), op.get("alsoKnownAs"), "copied");
        assertEquals(last.get("services"), op.get("services"), "copied");
        assertEquals(last.get("verificationMethods"), op.get("verificationMethods"), "copied");
        assertTrue(PlcOperations.verifySignature(op, List.of(serverKey)), "signed by the server's rotation key");
        assertLexicon(LexiconError.INVALID_TOKEN, "Token is invalid",
                () -> plc.signPlcOperation(acct.did(), Optional.of(token), PlcOperationFields.NONE));
        String stale = plcToken(acct);
        tp().clock().advance(tp().pds().config().emailTokenTtl().plusMinutes(1));
        assertLexicon(LexiconError.EXPIRED_TOKEN, null,
                () -> plc.signPlcOperation(acct.did(), Optional.of(stale), PlcOperationFields.NONE));
    }

    /** Signing a PLC operation for a DID whose last operation is a tombstone is refused with "Did is tombstoned". */
    @Test
    default void signPlcOperationOfATombstonedDidIsRefused() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        String token = plcToken(acct);
        Map<String, Object> last = tp().plc().lastOperation(acct.did()).orElseThrow();
        tp().plc().submit(acct.did(), PlcOperations.sign(PlcOperations.tombstoneOperation(PlcOperations.cid(last)),
                tp().secrets().plcRotationKey()));
        assertLexicon(LexiconError.INVALID_REQUEST, "Did is tombstoned", () -> tp().pds().plcOperations()
                .signPlcOperation(acct.did(), Optional.of(token), PlcOperationFields.NONE));
    }

    /**
     * Submitting a PLC operation refuses, with the reference's messages, an unsigned or malformed operation, one
     * without the server's rotation key, with a wrong PDS service type or endpoint, signing key or handle, submitting
     * none of them; a valid one reaches the PLC directory and publishes one document-changed identity event.
     */
    @Test
    default void submitPlcOperationChecksInTheReferencesOrderThenSubmitsAndPublishes() {
        CreateAccountOutput acct = tp().createAccount(TestPds.randomName());
        PlcOperationService plc = tp().pds().plcOperations();
        Map<String, Object> op = plc.signPlcOperation(acct.did(), Optional.of(plcToken(acct)),
                new PlcOperationFields(Optional.empty(), Optional.of(List.of("at://" + acct.handle(),
                        "https://example.com/me")), Optional.empty(), Optional.empty()));
        SigningKeyPair server = tp().secrets().plcRotationKey();
        java.util.function.BiFunction<String, Object, Map<String, Object>> with = (field, value) -> {
            Map<String, Object> copy = new LinkedHashMap<>(op);
            copy.remove("sig");
            copy.put(field, value);
            return PlcOperations.sign(copy, server);
        };
        Map<String, Object> unsigned = new LinkedHashMap<>(op);
        unsigned.remove("sig");
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid operation", () -> plc.submitPlcOperation(acct.did(),
                unsigned));
        assertLexicon(LexiconError.INVALID_REQUEST, "Invalid operation", () -> plc.submitPlcOperation(acct.did(),
                Map.of("type", "nope")));
        String other = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, new SecureRandom()).publicKey().didKey();
        assertLexicon(LexiconError.INVALID_REQUEST, "Rotation keys do not include server's rotation key",
                () -> plc.submitPlcOperation(acct.did(), with.apply("rotationKeys", List.of(other))));
        String url = tp().pds().config().publicUrl();
        assertLexicon(LexiconError.INVALID_REQUEST, "Incorrect type on atproto_pds service",
                () -> plc.submitPlcOperation(acct.did(), with.apply("services",
                        Map.of("atproto_pds", Map.of("type", "Other", "endpoint", url)))));
        assertLexicon(LexiconError.INVALID_REQUEST, "Incorrect endpoint on atproto_pds service",
                () -> plc.submitPlcOperation(acct.did(), with.apply("services", Map.of("atproto_pds",
                        Map.of("type", "AtprotoPersonalDataServer", "endpoint", "https://elsewhere.example")))));
        assertLexicon(LexiconError.INVALID_REQUEST, "Incorrect signing key",
                () -> plc.submitPlcOperation(acct.did(), with.apply("verificationMethods",
                        Map.of("atproto", other))));
        assertLexicon(LexiconError.INVALID_REQUEST, "Incorrect handle in alsoKnownAs",
                () -> plc.submitPlcOperation(acct.did(), with.apply("alsoKnownAs",
                        List.of("at://someone-else.test"))));
        Map<String, Object> before = tp().plc().lastOperation(acct.did()).orElseThrow();
        assertEquals(op.get("prev"), PlcOperations.cid(before), "nothing submitted by the refusals");
        tp().events().clear();
        plc.submitPlcOperation(acct.did(), op);
        assertEquals(PlcOperations.cid(op), PlcOperations.cid(tp().plc().lastOperation(acct.did()).orElseThrow()));
        assertEquals(List.of(new IdentityEvent(acct.did(), acct.handle(), IdentityEvent.Change.DOCUMENT_CHANGED,
                tp().clock().instant())), tp().events().all());
    }
}
