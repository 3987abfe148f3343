package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.testkit.TestPds;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Email sign-in codes over HTTP: {@code updateEmail}'s {@code emailAuthFactor}, {@code createSession}'s
 * {@code authFactorToken} and {@code AuthFactorTokenRequired}, and the {@code emailAuthFactor} of every session
 * output (checked against the output lexicons).
 */
class EmailAuthFactorRoutesTest {
    @AutoClose
    static final TestServer t = TestServer.start();

    static String token(String email, MailTemplate template) {
        return t.pds.mailer().latest(email, template).orElseThrow().token();
    }

    static ObjectNode login(String identifier, String password) {
        return Json.object().put("identifier", identifier).put("password", password);
    }

    static TestServer.Response getSession(String jwt) {
        TestServer.Response r = t.get("com.atproto.server.getSession", null, bearer(jwt));
        t.assertValidOutput("com.atproto.server.getSession", r);
        return r;
    }

    @Test
    void turningTheFactorOnThenLoggingInWithTheMailedCode() {
        JsonNode created = t.createAccount("twofa");
        String did = created.get("did").asText();
        String email = "twofa@mail.test";
        String auth = bearer(created.get("accessJwt").asText());
        assertFalse(getSession(created.get("accessJwt").asText()).body().get("emailAuthFactor").asBoolean());

        t.post("com.atproto.server.updateEmail", Json.object().put("email", email).put("emailAuthFactor", true), auth)
                .assertError(400, "InvalidRequest", "A confirmed email is required to turn on emailAuthFactor");
        assertEquals(200, t.post("com.atproto.server.requestEmailConfirmation", null, auth).status());
        assertEquals(200, t.post("com.atproto.server.confirmEmail", Json.object().put("email", email)
                .put("token", token(email, MailTemplate.CONFIRM_EMAIL)), auth).status());
        t.post("com.atproto.server.updateEmail", Json.object().put("email", email).put("emailAuthFactor", true), auth)
                .assertError(400, "TokenRequired", "confirmation token required");
        assertTrue(t.post("com.atproto.server.requestEmailUpdate", null, auth).body().get("tokenRequired")
                .asBoolean());
        assertEquals(200, t.post("com.atproto.server.updateEmail", Json.object().put("email", email)
                .put("token", token(email, MailTemplate.UPDATE_EMAIL)).put("emailAuthFactor", true), auth).status());
        JsonNode info = getSession(created.get("accessJwt").asText()).body();
        assertTrue(info.get("emailAuthFactor").asBoolean());
        assertTrue(info.get("emailConfirmed").asBoolean(), "the same email stays confirmed");

        String nsid = "com.atproto.server.createSession";
        t.post(nsid, login("twofa.test", TestPds.PASSWORD))
                .assertError(401, "AuthFactorTokenRequired", "A sign in code has been sent to your email address");
        String code = token(email, MailTemplate.SIGN_IN_CODE);
        t.post(nsid, login("twofa.test", TestPds.PASSWORD).put("authFactorToken", "AAAAA-AAAAA"))
                .assertError(400, "InvalidToken", "Token is invalid");
        t.post(nsid, login("twofa.test", "wrong").put("authFactorToken", code))
                .assertError(401, "AuthenticationRequired", "Invalid identifier or password");
        t.post(nsid, login("twofa.test", TestPds.PASSWORD).put("authFactorToken", 12345))
                .assertError(400, "InvalidRequest", "Input/authFactorToken must be a string");
        TestServer.Response session = t.post(nsid, login("twofa.test", TestPds.PASSWORD)
                .put("authFactorToken", code));
        t.assertValidOutput(nsid, session);
        assertEquals(did, session.body().get("did").asText());
        assertTrue(session.body().get("emailAuthFactor").asBoolean());
        t.post(nsid, login("twofa.test", TestPds.PASSWORD).put("authFactorToken", code))
                .assertError(400, "InvalidToken", "Token is invalid");
        // The legacy method has no authFactorToken: with the factor on, its password alone never signs in.
        t.post("com.atproto.session.create", login("twofa.test", TestPds.PASSWORD))
                .assertError(401, "AuthFactorTokenRequired", "A sign in code has been sent to your email address");

        TestServer.Response refreshed = t.post("com.atproto.server.refreshSession", null,
                bearer(session.body().get("refreshJwt").asText()));
        t.assertValidOutput("com.atproto.server.refreshSession", refreshed);
        assertTrue(refreshed.body().get("emailAuthFactor").asBoolean());

        // Off again: a token, the same email, emailAuthFactor false; then no code is needed.
        assertTrue(t.post("com.atproto.server.requestEmailUpdate", null, auth).body().get("tokenRequired")
                .asBoolean());
        assertEquals(200, t.post("com.atproto.server.updateEmail", Json.object().put("email", email)
                .put("token", token(email, MailTemplate.UPDATE_EMAIL)).put("emailAuthFactor", false), auth).status());
        TestServer.Response plain = t.post(nsid, login("twofa.test", TestPds.PASSWORD));
        t.assertValidOutput(nsid, plain);
        assertFalse(plain.body().get("emailAuthFactor").asBoolean());
    }

    @Test
    void anExpiredCodeIsRefusedWithTheEmailTokenMessage() {
        JsonNode created = t.createAccount("twofaold");
        String email = "twofaold@mail.test";
        String auth = bearer(created.get("accessJwt").asText());
        t.post("com.atproto.server.requestEmailConfirmation", null, auth);
        t.post("com.atproto.server.confirmEmail", Json.object().put("email", email)
                .put("token", token(email, MailTemplate.CONFIRM_EMAIL)), auth);
        t.post("com.atproto.server.requestEmailUpdate", null, auth);
        assertEquals(200, t.post("com.atproto.server.updateEmail", Json.object().put("email", email)
                .put("token", token(email, MailTemplate.UPDATE_EMAIL)).put("emailAuthFactor", true), auth).status());
        String nsid = "com.atproto.server.createSession";
        t.post(nsid, login(email, TestPds.PASSWORD)).assertError(401, "AuthFactorTokenRequired");
        String code = token(email, MailTemplate.SIGN_IN_CODE);
        t.pds.clock().advance(t.pds.pds().config().emailTokenTtl());
        t.post(nsid, login(email, TestPds.PASSWORD).put("authFactorToken", code))
                .assertError(400, "ExpiredToken", "Token is expired");
    }
}
