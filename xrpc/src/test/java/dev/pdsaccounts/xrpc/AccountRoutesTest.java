package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.testkit.TestPds;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Every route over HTTP: its success shape (checked against the output lexicon) and the errors it can produce. */
class AccountRoutesTest {
    @AutoClose
    static final TestServer t = TestServer.start(b -> b.privacyPolicyUrl("https://pds.test/privacy")
            .termsOfServiceUrl("https://pds.test/tos").contactEmail("admin@pds.test"));

    static ObjectNode account(String name) {
        return Json.object().put("handle", name + ".test").put("email", name + "@mail.test")
                .put("password", TestPds.PASSWORD);
    }

    // ------------------------------------------------------------------ server config

    @Test
    void describeServer() {
        TestServer.Response r = t.get("com.atproto.server.describeServer");
        t.assertValidOutput("com.atproto.server.describeServer", r);
        JsonNode b = r.body();
        assertEquals("did:web:pds.test", b.get("did").asText());
        assertEquals("[\".test\"]", b.get("availableUserDomains").toString());
        assertTrue(b.get("inviteCodeRequired").asBoolean());
        assertFalse(b.get("phoneVerificationRequired").asBoolean());
        assertEquals("https://pds.test/privacy", b.at("/links/privacyPolicy").asText());
        assertEquals("https://pds.test/tos", b.at("/links/termsOfService").asText());
        assertEquals("admin@pds.test", b.at("/contact/email").asText());
    }

    @Test
    void describeServerWithoutOptionalLinks() {
        try (TestServer plain = TestServer.start(b -> b.inviteRequired(false))) {
            TestServer.Response r = plain.get("com.atproto.server.describeServer");
            plain.assertValidOutput("com.atproto.server.describeServer", r);
            assertFalse(r.body().get("inviteCodeRequired").asBoolean());
            assertEquals("{}", r.body().get("links").toString());
            assertEquals("{}", r.body().get("contact").toString());
        }
    }

    @Test
    void legacyGetAccountsConfig() {
        TestServer.Response r = t.get("com.atproto.server.getAccountsConfig");
        t.assertValidOutput("com.atproto.server.getAccountsConfig", r);
        assertEquals("[\".test\"]", r.body().get("availableUserDomains").toString());
        assertTrue(r.body().get("inviteCodeRequired").asBoolean());
        assertEquals("https://pds.test/privacy", r.body().at("/links/privacyPolicy").asText());
        assertFalse(r.body().has("did"));
    }

    // ------------------------------------------------------------------ invite codes

    @Test
    void createInviteCode() {
        TestServer.Response r = t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 2),
                admin());
        t.assertValidOutput("com.atproto.server.createInviteCode", r);
        String code = r.body().get("code").asText();
        assertTrue(code.startsWith("pds-test-"), code);
        assertTrue(dev.pdsaccounts.service.internal.AccountChanges.isInviteCodeAvailable(t.pds.store(), code));

        String did = t.createAccount("codeowner").get("did").asText();
        TestServer.Response forAccount = t.post("com.atproto.server.createInviteCode",
                Json.object().put("useCount", 1).put("forAccount", did), admin());
        t.assertValidOutput("com.atproto.server.createInviteCode", forAccount);

        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 0), admin())
                .assertError(400, "InvalidRequest", "useCount must be at least 1");
        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 10_000_000_000L), admin())
                .assertError(400, "InvalidRequest");
        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", "1"), admin())
                .assertError(400, "InvalidRequest", "Input/useCount must be an integer");
        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 1).put("forAccount", "x"),
                admin()).assertError(400, "InvalidRequest", "Input/forAccount must be a valid did");
        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 1))
                .assertError(401, "AuthenticationRequired", "Authentication Required");
        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 1),
                TestServer.basic("admin", "nope")).assertError(401, "AuthenticationRequired");
        String userJwt = t.pds.sessionTokens().createAccessToken(did, Scope.ACCESS,
                java.time.Duration.ofHours(1));
        t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 1), TestServer.bearer(userJwt))
                .assertError(401, "AuthenticationRequired");
    }

    @Test
    void createInviteCodes() {
        String did = t.createAccount("manycodes").get("did").asText();
        ObjectNode in = Json.object().put("codeCount", 2).put("useCount", 1);
        String other = t.createAccount("manycodes2").get("did").asText();
        in.putArray("forAccounts").add(did).add(other);
        TestServer.Response r = t.post("com.atproto.server.createInviteCodes", in, admin());
        t.assertValidOutput("com.atproto.server.createInviteCodes", r);
        JsonNode codes = r.body().get("codes");
        assertEquals(2, codes.size());
        assertEquals(did, codes.get(0).get("account").asText());
        assertEquals(2, codes.get(0).get("codes").size());
        assertEquals(other, codes.get(1).get("account").asText());

        TestServer.Response dflt = t.post("com.atproto.server.createInviteCodes",
                Json.object().put("useCount", 1), admin());
        t.assertValidOutput("com.atproto.server.createInviteCodes", dflt);
        assertEquals("admin", dflt.body().at("/codes/0/account").asText());
        assertEquals(1, dflt.body().at("/codes/0/codes").size(), "codeCount defaults to 1");

        t.post("com.atproto.server.createInviteCodes", Json.object().put("useCount", 1).put("codeCount", 0),
                admin()).assertError(400, "InvalidRequest", "codeCount must be at least 1");
        t.post("com.atproto.server.createInviteCodes", Json.object().put("useCount", 1).put("codeCount", 5000),
                admin()).assertError(400, "InvalidRequest");
        t.post("com.atproto.server.createInviteCodes", Json.object().put("codeCount", 1), admin())
                .assertError(400, "InvalidRequest", "Input must have the property \"useCount\"");
        t.post("com.atproto.server.createInviteCodes", Json.object().put("useCount", 1))
                .assertError(401, "AuthenticationRequired");
    }

    @Test
    void legacyCreateInviteCode() {
        TestServer.Response r = t.post("com.atproto.account.createInviteCode", Json.object().put("useCount", 1),
                admin());
        t.assertValidOutput("com.atproto.account.createInviteCode", r);
        assertTrue(dev.pdsaccounts.service.internal.AccountChanges.isInviteCodeAvailable(t.pds.store(), r.body().get("code").asText()));
        t.post("com.atproto.account.createInviteCode", Json.object().put("useCount", 1))
                .assertError(401, "AuthenticationRequired");
    }

    // ------------------------------------------------------------------ accounts

    @Test
    void createAccount() {
        ObjectNode in = account("alice").put("inviteCode", t.pds.inviteCode());
        TestServer.Response r = t.post("com.atproto.server.createAccount", in);
        t.assertValidOutput("com.atproto.server.createAccount", r);
        JsonNode b = r.body();
        assertEquals("alice.test", b.get("handle").asText());
        assertTrue(b.get("did").asText().startsWith("did:plc:"));
        assertTrue(b.get("didDoc").isObject(), "the DID resolved in the in-memory directory");
        assertEquals(b.get("did").asText(), b.at("/didDoc/id").asText());
        // The tokens work.
        assertEquals(b.get("did").asText(), t.pds.sessionTokens()
                .verifyAccessToken(b.get("accessJwt").asText(), Scope.FULL).did());
        assertEquals(b.get("did").asText(), t.pds.sessionTokens()
                .verifyRefreshToken(b.get("refreshJwt").asText(), false).did());
        // Upper-case input is normalised.
        TestServer.Response upper = t.post("com.atproto.server.createAccount", Json.object()
                .put("handle", "Bob.TEST").put("email", "bob@mail.test").put("password", "pw")
                .put("inviteCode", t.pds.inviteCode()));
        assertEquals("bob.test", upper.body().get("handle").asText());
    }

    @Test
    void createAccountErrors() {
        String nsid = "com.atproto.server.createAccount";
        t.post(nsid, account("noinvite")).assertError(400, "InvalidInviteCode", "No invite code provided");
        t.post(nsid, account("badinvite").put("inviteCode", "pds-test-nope-nope"))
                .assertError(400, "InvalidInviteCode", "Provided invite code not available");
        t.post(nsid, account("x").put("handle", "bad handle").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "InvalidRequest", "Input/handle must be a valid handle");
        t.post(nsid, account("x").put("handle", "ab.test").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "InvalidHandle", "Handle too short");
        t.post(nsid, account("x").put("handle", "admin.test").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "HandleNotAvailable", "Reserved handle");
        t.post(nsid, account("x").put("handle", "carol.example.com").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "UnsupportedDomain", "Not a supported handle domain");
        t.post(nsid, account("dave").put("email", "not-an-email").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "InvalidRequest");
        t.post(nsid, account("dave").put("password", "p".repeat(257)).put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "InvalidPassword");
        ObjectNode noEmail = account("erin").put("inviteCode", t.pds.inviteCode());
        noEmail.remove("email");
        t.post(nsid, noEmail).assertError(400, "InvalidRequest");
        t.post(nsid, account("frank").put("inviteCode", t.pds.inviteCode()).put("plcOp", "op"))
                .assertError(400, "InvalidRequest", "Input/plcOp must be an object");
        t.post(nsid, account("frank").put("inviteCode", t.pds.inviteCode()).put("did", "nope"))
                .assertError(400, "InvalidRequest", "Input/did must be a valid did");
        ObjectNode missing = account("gina");
        missing.remove("handle");
        t.post(nsid, missing).assertError(400, "InvalidRequest", "Input must have the property \"handle\"");

        t.createAccount("taken");
        t.post(nsid, account("taken").put("email", "other@mail.test").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "HandleNotAvailable", "Handle already taken: taken.test");
        t.post(nsid, account("taken2").put("email", "TAKEN@mail.test").put("inviteCode", t.pds.inviteCode()))
                .assertError(400, "InvalidRequest", "Email already taken: TAKEN@mail.test");
    }

    @Test
    void legacyCreateAccountReturnsTheDeclarationCid() {
        ObjectNode in = account("legacy").put("inviteCode", t.pds.inviteCode());
        TestServer.Response r = t.post("com.atproto.account.create", in);
        t.assertValidOutput("com.atproto.account.create", r);
        assertEquals("legacy.test", r.body().get("handle").asText());
        assertEquals(AccountRoutes.DECLARATION_CID, r.body().get("declarationCid").asText());
        assertFalse(r.body().has("didDoc"));

        ObjectNode noPassword = account("legacy2").put("inviteCode", t.pds.inviteCode());
        noPassword.remove("password");
        t.post("com.atproto.account.create", noPassword)
                .assertError(400, "InvalidRequest", "Input must have the property \"password\"");
        t.post("com.atproto.account.create", account("legacy3").put("handle", "x y"))
                .assertError(400, "InvalidInviteCode");
        t.post("com.atproto.account.create", account("legacy3").put("handle", "x y")
                .put("inviteCode", t.pds.inviteCode())).assertError(400, "InvalidHandle");
    }

    @Test
    void declarationCidIsTheDagCborCidOfTheActorUserDeclaration() {
        // The value early Bluesky servers returned for every account's app.bsky.system.declaration record.
        assertEquals("bafyreid27zk7lbis4zw5fz4podbvbs4fc5ivwji3dmrwa6zggnj4bnd57u", AccountRoutes.DECLARATION_CID);
    }

    @Test
    void legacyAccountGetIsNotImplemented() {
        t.get("com.atproto.account.get").assertError(501, "MethodNotImplemented", "Not implemented");
    }

    @Test
    void everyRouteHasALexiconAndTheExpectedVerb() {
        for (String nsid : t.dispatcher.methods()) {
            assertTrue(t.dispatcher.validator().registry().method(nsid).isPresent(), nsid);
        }
        assertTrue(t.dispatcher.methods().containsAll(Set.of("com.atproto.server.createAccount",
                "com.atproto.server.describeServer", "com.atproto.server.createInviteCode",
                "com.atproto.server.createInviteCodes", "com.atproto.account.create",
                "com.atproto.account.createInviteCode", "com.atproto.server.getAccountsConfig",
                "com.atproto.account.get")));
    }
}
