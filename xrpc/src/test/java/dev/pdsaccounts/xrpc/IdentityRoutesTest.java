package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.session.Scope;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Identity routes: signing-key reservation, service auth, DID credentials, activation, handle resolution, import. */
class IdentityRoutesTest {
    @AutoClose
    static final TestServer t = TestServer.start();

    static String nowPlus(Duration d) {
        return String.valueOf(t.pds.clock().instant().plus(d).getEpochSecond());
    }

    @Test
    void reserveSigningKey() {
        TestServer.Response r = t.post("com.atproto.server.reserveSigningKey", Json.object());
        t.assertValidOutput("com.atproto.server.reserveSigningKey", r);
        assertTrue(r.body().get("signingKey").asText().startsWith("did:key:z"));
        TestServer.Response forDid = t.post("com.atproto.server.reserveSigningKey",
                Json.object().put("did", "did:plc:abcdefghijklmnopqrstuvwx"));
        t.assertValidOutput("com.atproto.server.reserveSigningKey", forDid);
        t.post("com.atproto.server.reserveSigningKey", Json.object().put("did", "nope"))
                .assertError(400, "InvalidRequest", "Input/did must be a valid did");
    }

    @Test
    void serviceAuth() {
        JsonNode acct = t.createAccount("servicer");
        String access = acct.get("accessJwt").asText();
        String q = "aud=did:web:other.test&lxm=com.atproto.repo.createRecord&exp=" + nowPlus(Duration.ofMinutes(5));
        TestServer.Response r = t.get("com.atproto.server.getServiceAuth", q, bearer(access));
        t.assertValidOutput("com.atproto.server.getServiceAuth", r);
        assertEquals(3, r.body().get("token").asText().split("\\.").length);
        t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test&exp=" + nowPlus(Duration.ofMinutes(-5)),
                bearer(access)).assertError(400, "BadExpiration", "expiration is in past");
        t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test&exp=" + nowPlus(Duration.ofHours(2))
                + "&lxm=com.atproto.repo.createRecord", bearer(access)).assertError(400, "BadExpiration");
        t.get("com.atproto.server.getServiceAuth", "lxm=com.atproto.repo.createRecord", bearer(access))
                .assertError(400, "InvalidRequest", "Params must have the property \"aud\"");
        t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test&lxm=com.atproto.server.createAppPassword",
                bearer(access)).assertError(400, "InvalidRequest");
        t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test&exp=soon", bearer(access))
                .assertError(400, "InvalidRequest", "Params/exp must be an integer");
        String appPass = t.pds.sessionTokens().createAccessToken(acct.get("did").asText(),
                Scope.APP_PASS, Duration.ofHours(1));
        t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test&lxm=com.atproto.server.createAccount",
                bearer(appPass)).assertError(400, "InvalidRequest");
        t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test", null).assertError(401, "AuthMissing");
    }

    @Test
    void recommendedCredentialsAndActivation() {
        JsonNode acct = t.createAccount("mover");
        String access = acct.get("accessJwt").asText();
        TestServer.Response creds = t.get("com.atproto.identity.getRecommendedDidCredentials", null, bearer(access));
        t.assertValidOutput("com.atproto.identity.getRecommendedDidCredentials", creds);
        assertEquals("at://mover.test", creds.body().at("/alsoKnownAs/0").asText());
        assertTrue(creds.body().at("/verificationMethods/atproto").asText().startsWith("did:key:"));
        assertEquals("AtprotoPersonalDataServer", creds.body().at("/services/atproto_pds/type").asText());

        assertEquals(200, t.post("com.atproto.server.deactivateAccount", Json.object(), bearer(access)).status());
        assertFalse(t.get("com.atproto.server.checkAccountStatus", null, bearer(access)).body()
                .get("activated").asBoolean());
        assertEquals(200, t.post("com.atproto.server.activateAccount", null, bearer(access)).status());
        assertTrue(t.get("com.atproto.server.checkAccountStatus", null, bearer(access)).body()
                .get("activated").asBoolean());
        t.post("com.atproto.server.activateAccount", null).assertError(401, "AuthMissing");
        String appPass = t.pds.sessionTokens().createAccessToken(acct.get("did").asText(),
                Scope.APP_PASS, Duration.ofHours(1));
        t.post("com.atproto.server.activateAccount", null, bearer(appPass))
                .assertError(400, "InvalidToken", "Bad token scope");
    }

    @Test
    void resolveHandle() {
        String did = t.createAccount("findme").get("did").asText();
        TestServer.Response r = t.get("com.atproto.identity.resolveHandle", "handle=FindMe.test", null);
        t.assertValidOutput("com.atproto.identity.resolveHandle", r);
        assertEquals(did, r.body().get("did").asText());
        t.get("com.atproto.identity.resolveHandle", "handle=nobody.test", null)
                .assertError(400, "HandleNotFound", "Unable to resolve handle");
        t.get("com.atproto.identity.resolveHandle", "handle=not%20a%20handle", null)
                .assertError(400, "InvalidRequest", "Params/handle must be a valid handle");
        t.get("com.atproto.identity.resolveHandle").assertError(400, "InvalidRequest",
                "Params must have the property \"handle\"");

        TestServer.Response legacy = t.get("com.atproto.handle.resolve", "handle=findme.test", null);
        t.assertValidOutput("com.atproto.handle.resolve", legacy);
        assertEquals(did, legacy.body().get("did").asText());
        assertEquals("did:web:pds.test", t.get("com.atproto.handle.resolve").body().get("did").asText(),
                "without a handle: the server's own DID");
        t.get("com.atproto.handle.resolve", "handle=x%20y", null).assertError(400, "InvalidHandle");
    }

    @Test
    void createAccountImportsADidWithServiceAuth() {
        JsonNode old = t.createAccount("migrant");
        String did = old.get("did").asText();
        String token = t.get("com.atproto.server.getServiceAuth", "aud=did:web:pds.test"
                + "&lxm=com.atproto.server.createAccount&exp=" + nowPlus(Duration.ofMinutes(10)),
                bearer(old.get("accessJwt").asText())).body().get("token").asText();
        // The account leaves this service (its DID stays registered), then comes back with its DID.
        assertEquals(200, t.post("com.atproto.admin.deleteAccount", Json.object().put("did", did), admin()).status());
        ObjectNode in = Json.object().put("handle", "migrant2.test").put("email", "migrant2@mail.test")
                .put("password", "pw").put("did", did).put("inviteCode", t.pds.inviteCode());
        t.post("com.atproto.server.createAccount", in).assertError(401, "AuthenticationRequired");
        TestServer.Response imported = t.post("com.atproto.server.createAccount", in, bearer(token));
        t.assertValidOutput("com.atproto.server.createAccount", imported);
        assertEquals(did, imported.body().get("did").asText());
        assertTrue(t.get("com.atproto.admin.getAccountInfo", "did=" + did, admin()).body().has("deactivatedAt"),
                "an imported account starts deactivated");

        ObjectNode fresh = Json.object().put("handle", "plainnew.test").put("email", "plainnew@mail.test")
                .put("password", "pw").put("inviteCode", t.pds.inviteCode());
        t.post("com.atproto.server.createAccount", fresh, bearer("not.a.jwt")).assertError(401, "AuthenticationRequired");
    }
}
