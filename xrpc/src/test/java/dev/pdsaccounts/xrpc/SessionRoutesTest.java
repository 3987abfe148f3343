package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.testkit.TestPds;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Sessions and app passwords over HTTP, current and legacy. */
class SessionRoutesTest {
    @AutoClose
    static final TestServer t = TestServer.start();

    static ObjectNode login(String identifier, String password) {
        return Json.object().put("identifier", identifier).put("password", password);
    }

    static TestServer.Response createSession(String identifier, String password) {
        return t.post("com.atproto.server.createSession", login(identifier, password));
    }

    @Test
    void loginByHandleAndByEmail() {
        String did = t.createAccount("loginner").get("did").asText();
        TestServer.Response byHandle = createSession("LOGINNER.test", TestPds.PASSWORD);
        t.assertValidOutput("com.atproto.server.createSession", byHandle);
        JsonNode b = byHandle.body();
        assertEquals(did, b.get("did").asText());
        assertEquals("loginner.test", b.get("handle").asText());
        assertEquals("loginner@mail.test", b.get("email").asText());
        assertFalse(b.get("emailConfirmed").asBoolean());
        assertTrue(b.get("active").asBoolean());
        assertFalse(b.has("status"));
        TestServer.Response byEmail = createSession("Loginner@Mail.test", TestPds.PASSWORD);
        t.assertValidOutput("com.atproto.server.createSession", byEmail);
        assertEquals(did, byEmail.body().get("did").asText());
        TestServer.Response byDid = createSession(did, TestPds.PASSWORD);
        assertEquals(200, byDid.status());

        createSession("loginner.test", "wrong")
                .assertError(401, "AuthenticationRequired", "Invalid identifier or password");
        createSession("nobody.test", "wrong")
                .assertError(401, "AuthenticationRequired", "Invalid identifier or password");
        t.post("com.atproto.server.createSession", Json.object().put("identifier", "loginner.test"))
                .assertError(400, "InvalidRequest", "Input must have the property \"password\"");
        t.post("com.atproto.server.createSession", login("loginner.test", TestPds.PASSWORD)
                .put("allowTakendown", "yes")).assertError(400, "InvalidRequest",
                "Input/allowTakendown must be a boolean");
    }

    static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String ? ((String) p).getBytes(java.nio.charset.StandardCharsets.UTF_8) : (byte[]) p;
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    @Test
    void invalidUtf8IsRefusedNeverDecoded() {
        t.createAccount("utfalice");
        String nsid = "com.atproto.server.createSession";
        String tail = "test\",\"password\":\"" + TestPds.PASSWORD + "\"}";
        // "utfalice" + overlong '.' (C0 AE) + "test": a lenient decoder reads utfalice.test.
        for (byte[] bad : java.util.List.of(
                new byte[] {(byte) 0xC0, (byte) 0xAE},                          // overlong '.'
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAE},             // overlong '.', 3 bytes
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},             // encoded surrogate U+D800
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // U+110000
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // 5-byte form
                new byte[] {(byte) 0xE2, (byte) 0x82})) {                       // truncated sequence
            t.postRaw(nsid, "application/json", bytes("{\"identifier\":\"utfalice", bad, tail))
                    .assertError(400, "InvalidRequest", "Request body is not valid UTF-8");
        }
        assertEquals(200, t.postRaw(nsid, "application/json", bytes("{\"identifier\":\"utfalice.", tail)).status(),
                "the well-formed body logs in");
    }

    @Test
    void refreshGetAndLogout() {
        t.createAccount("cycler");
        JsonNode s = createSession("cycler.test", TestPds.PASSWORD).body();
        String access = s.get("accessJwt").asText();
        String refresh = s.get("refreshJwt").asText();

        TestServer.Response info = t.get("com.atproto.server.getSession", null, bearer(access));
        t.assertValidOutput("com.atproto.server.getSession", info);
        assertEquals("cycler.test", info.body().get("handle").asText());
        assertEquals("cycler@mail.test", info.body().get("email").asText());
        t.get("com.atproto.server.getSession").assertError(401, "AuthMissing", "Authentication Required");
        t.get("com.atproto.server.getSession", null, bearer(refresh)).assertError(400, "InvalidToken");

        TestServer.Response next = t.post("com.atproto.server.refreshSession", null, bearer(refresh));
        t.assertValidOutput("com.atproto.server.refreshSession", next);
        String refresh2 = next.body().get("refreshJwt").asText();
        assertNotEquals(refresh, refresh2);
        t.post("com.atproto.server.refreshSession", null, bearer(access)).assertError(400, "InvalidToken");
        t.post("com.atproto.server.refreshSession", null).assertError(401, "AuthMissing");

        assertEquals(200, t.post("com.atproto.server.deleteSession", null, bearer(refresh2)).status());
        assertEquals(200, t.post("com.atproto.server.deleteSession", null, bearer(refresh2)).status(), "twice");
        t.post("com.atproto.server.refreshSession", null, bearer(refresh2))
                .assertError(400, "ExpiredToken", "Token has been revoked");
        t.post("com.atproto.server.deleteSession", null, bearer("garbage")).assertError(400, "InvalidToken");
    }

    @Test
    void appPasswords() {
        t.createAccount("apper");
        String access = createSession("apper.test", TestPds.PASSWORD).body().get("accessJwt").asText();
        TestServer.Response created = t.post("com.atproto.server.createAppPassword",
                Json.object().put("name", "my client"), bearer(access));
        t.assertValidOutput("com.atproto.server.createAppPassword", created);
        String appPassword = created.body().get("password").asText();
        assertTrue(appPassword.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"), appPassword);
        assertFalse(created.body().get("privileged").asBoolean());
        t.post("com.atproto.server.createAppPassword", Json.object().put("name", "my client"), bearer(access))
                .assertError(400, "InvalidRequest");
        TestServer.Response privileged = t.post("com.atproto.server.createAppPassword",
                Json.object().put("name", "dm client").put("privileged", true), bearer(access));
        assertTrue(privileged.body().get("privileged").asBoolean());

        TestServer.Response appSession = createSession("apper.test", appPassword);
        t.assertValidOutput("com.atproto.server.createSession", appSession);
        String appAccess = appSession.body().get("accessJwt").asText();
        t.post("com.atproto.server.createAppPassword", Json.object().put("name", "x"), bearer(appAccess))
                .assertError(400, "InvalidToken", "Bad token scope");

        TestServer.Response list = t.get("com.atproto.server.listAppPasswords", null, bearer(appAccess));
        t.assertValidOutput("com.atproto.server.listAppPasswords", list);
        assertEquals(2, list.body().get("passwords").size());
        assertFalse(list.body().toString().contains(appPassword), "no secret listed");
        t.get("com.atproto.server.listAppPasswords").assertError(401, "AuthMissing");

        assertEquals(200, t.post("com.atproto.server.revokeAppPassword", Json.object().put("name", "my client"),
                bearer(access)).status());
        assertEquals(200, t.post("com.atproto.server.revokeAppPassword", Json.object().put("name", "my client"),
                bearer(access)).status(), "idempotent");
        createSession("apper.test", appPassword).assertError(401, "AuthenticationRequired");
        assertEquals(1, t.get("com.atproto.server.listAppPasswords", null, bearer(access)).body()
                .get("passwords").size());
        t.post("com.atproto.server.revokeAppPassword", Json.object(), bearer(access))
                .assertError(400, "InvalidRequest", "Input must have the property \"name\"");
    }

    @Test
    void takenDownAndDeactivatedAccounts() {
        String did = t.createAccount("outlaw").get("did").asText();
        ObjectNode takedown = Json.object();
        takedown.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", did);
        takedown.putObject("takedown").put("applied", true);
        assertEquals(200, t.post("com.atproto.admin.updateSubjectStatus", takedown, admin()).status());
        createSession("outlaw.test", TestPds.PASSWORD)
                .assertError(401, "AccountTakedown", "Account has been taken down");
        TestServer.Response allowed = t.post("com.atproto.server.createSession",
                login("outlaw.test", TestPds.PASSWORD).put("allowTakendown", true));
        t.assertValidOutput("com.atproto.server.createSession", allowed);
        assertEquals("takendown", allowed.body().get("status").asText());
        assertFalse(allowed.body().get("active").asBoolean());
        // That session may only deactivate.
        String narrow = allowed.body().get("accessJwt").asText();
        t.get("com.atproto.server.getSession", null, bearer(narrow)).assertError(400, "InvalidToken");
        assertEquals(200, t.post("com.atproto.server.deactivateAccount", Json.object(), bearer(narrow)).status());

        t.createAccount("napper");
        String access = createSession("napper.test", TestPds.PASSWORD).body().get("accessJwt").asText();
        assertEquals(200, t.post("com.atproto.server.deactivateAccount", Json.object(), bearer(access)).status());
        TestServer.Response asleep = createSession("napper.test", TestPds.PASSWORD);
        t.assertValidOutput("com.atproto.server.createSession", asleep);
        assertFalse(asleep.body().get("active").asBoolean());
        assertEquals("deactivated", asleep.body().get("status").asText());
    }

    @Test
    void legacySessions() {
        String did = t.createAccount("oldtimer").get("did").asText();
        TestServer.Response s = t.post("com.atproto.session.create", login("oldtimer.test", TestPds.PASSWORD));
        t.assertValidOutput("com.atproto.session.create", s);
        assertEquals(did, s.body().get("did").asText());
        assertFalse(s.body().has("email"), "the legacy output has only tokens, handle and did");
        TestServer.Response info = t.get("com.atproto.session.get", null, bearer(s.body().get("accessJwt").asText()));
        t.assertValidOutput("com.atproto.session.get", info);
        assertEquals("oldtimer.test", info.body().get("handle").asText());
        TestServer.Response next = t.post("com.atproto.session.refresh", null,
                bearer(s.body().get("refreshJwt").asText()));
        t.assertValidOutput("com.atproto.session.refresh", next);
        assertEquals(200, t.post("com.atproto.session.delete", null,
                bearer(next.body().get("refreshJwt").asText())).status());
        t.post("com.atproto.session.create", Json.object().put("identifier", "oldtimer.test"))
                .assertError(400, "InvalidRequest", "Input must have the property \"password\"");
        t.post("com.atproto.session.create", login("oldtimer.test", "wrong")).assertError(401, "AuthenticationRequired");
    }
}
