package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.testkit.TestPds;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The routes over the email-token, account-lifecycle, identity and admin services: success shapes (checked against
 * the output lexicons), the errors each can produce, and the credentials each accepts.
 */
class LifecycleRoutesTest {
    @AutoClose
    static final TestServer t = TestServer.start();

    /** A fresh account: its DID, email and full-access token. */
    record User(String did, String handle, String email, String jwt) {
        String auth() {
            return bearer(jwt);
        }
    }

    static User user(String name) {
        JsonNode out = t.createAccount(name);
        return new User(out.get("did").asText(), out.get("handle").asText(), name + "@mail.test",
                out.get("accessJwt").asText());
    }

    static String token(String email, MailTemplate template) {
        return t.pds.mailer().latest(email, template).orElseThrow().token();
    }

    static String appPassJwt(User u) {
        return t.pds.sessionTokens().createAccessToken(u.did(), Scope.APP_PASS, Duration.ofHours(1));
    }

    static JsonNode info(String did) {
        TestServer.Response r = t.get("com.atproto.admin.getAccountInfo", "did=" + did, admin());
        t.assertValidOutput("com.atproto.admin.getAccountInfo", r);
        return r.body();
    }

    static ObjectNode obj(String... kv) {
        ObjectNode o = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    // ------------------------------------------------------------------ password reset

    @Test
    void passwordReset() {
        User u = user("resetter");
        assertEquals(200, t.post("com.atproto.server.requestPasswordReset", obj("email", "nobody@mail.test")).status(),
                "an unknown email is a silent success");
        assertEquals(200, t.post("com.atproto.server.requestPasswordReset", obj("email", "RESETTER@mail.test"))
                .status());
        String token = token(u.email(), MailTemplate.RESET_PASSWORD);
        t.post("com.atproto.server.resetPassword", obj("token", "AAAAA-AAAAA", "password", "new-password"))
                .assertError(400, "InvalidToken", "Token is invalid");
        t.post("com.atproto.server.resetPassword", obj("token", token, "password", "p".repeat(257)))
                .assertError(400, "InvalidRequest", "Invalid password length.");
        assertEquals(200, t.post("com.atproto.server.resetPassword",
                obj("token", token.toLowerCase(), "password", "new-password")).status());
        t.post("com.atproto.server.resetPassword", obj("token", token, "password", "again"))
                .assertError(400, "InvalidToken", "Token is invalid");
        // Expired.
        t.post("com.atproto.server.requestPasswordReset", obj("email", u.email()));
        String late = token(u.email(), MailTemplate.RESET_PASSWORD);
        t.pds.clock().advance(Duration.ofMinutes(16));
        t.post("com.atproto.server.resetPassword", obj("token", late, "password", "x"))
                .assertError(400, "ExpiredToken", "Token is expired");
        t.post("com.atproto.server.requestPasswordReset", Json.object())
                .assertError(400, "InvalidRequest", "Input must have the property \"email\"");
        t.post("com.atproto.server.resetPassword", obj("token", late))
                .assertError(400, "InvalidRequest", "Input must have the property \"password\"");
    }

    @Test
    void legacyPasswordReset() {
        User u = user("oldreset");
        assertEquals(200, t.post("com.atproto.account.requestPasswordReset", obj("email", u.email())).status());
        String token = token(u.email(), MailTemplate.RESET_PASSWORD);
        assertEquals(200, t.post("com.atproto.account.resetPassword", obj("token", token, "password", "pw2"))
                .status());
        t.post("com.atproto.account.resetPassword", obj("token", token, "password", "pw3"))
                .assertError(400, "InvalidToken");
    }

    // ------------------------------------------------------------------ email confirmation and update

    @Test
    void emailConfirmationAndUpdate() {
        User u = user("confirmer");
        TestServer.Response unconfirmed = t.post("com.atproto.server.requestEmailUpdate", null, u.auth());
        t.assertValidOutput("com.atproto.server.requestEmailUpdate", unconfirmed);
        assertFalse(unconfirmed.body().get("tokenRequired").asBoolean());

        t.post("com.atproto.server.requestEmailConfirmation", null).assertError(401, "AuthMissing");
        assertEquals(200, t.post("com.atproto.server.requestEmailConfirmation", null, bearer(appPassJwt(u)))
                .status(), "app passwords may confirm");
        String token = token(u.email(), MailTemplate.CONFIRM_EMAIL);
        t.post("com.atproto.server.confirmEmail", obj("email", "other@mail.test", "token", token), u.auth())
                .assertError(400, "InvalidEmail", "invalid email");
        t.post("com.atproto.server.confirmEmail", obj("email", u.email(), "token", "AAAAA-AAAAA"), u.auth())
                .assertError(400, "InvalidToken");
        assertEquals(200, t.post("com.atproto.server.confirmEmail", obj("email", u.email(), "token", token),
                u.auth()).status());
        assertTrue(info(u.did()).has("emailConfirmedAt"));

        t.post("com.atproto.server.requestEmailUpdate", null, bearer(appPassJwt(u)))
                .assertError(400, "InvalidToken", "Bad token scope");
        TestServer.Response required = t.post("com.atproto.server.requestEmailUpdate", null, u.auth());
        t.assertValidOutput("com.atproto.server.requestEmailUpdate", required);
        assertTrue(required.body().get("tokenRequired").asBoolean());
        t.post("com.atproto.server.updateEmail", obj("email", "confirmer2@mail.test"), u.auth())
                .assertError(400, "TokenRequired", "confirmation token required");
        String update = token(u.email(), MailTemplate.UPDATE_EMAIL);
        t.post("com.atproto.server.updateEmail", obj("email", "not-an-email", "token", update), u.auth())
                .assertError(400, "InvalidRequest");
        assertEquals(200, t.post("com.atproto.server.updateEmail", obj("email", "confirmer2@mail.test", "token",
                update), u.auth()).status());
        JsonNode after = info(u.did());
        assertEquals("confirmer2@mail.test", after.get("email").asText());
        assertFalse(after.has("emailConfirmedAt"));
        ObjectNode typed = Json.object().put("email", "x@mail.test").put("emailAuthFactor", "yes");
        t.post("com.atproto.server.updateEmail", typed, u.auth())
                .assertError(400, "InvalidRequest", "Input/emailAuthFactor must be a boolean");
    }

    // ------------------------------------------------------------------ deletion

    @Test
    void accountDeletion() {
        User u = user("leaver");
        t.post("com.atproto.server.requestAccountDelete", null).assertError(401, "AuthMissing");
        t.post("com.atproto.server.requestAccountDelete", null, bearer(appPassJwt(u)))
                .assertError(400, "InvalidToken", "Bad token scope");
        assertEquals(200, t.post("com.atproto.server.requestAccountDelete", null, u.auth()).status());
        String token = token(u.email(), MailTemplate.DELETE_ACCOUNT);
        t.post("com.atproto.server.deleteAccount", obj("did", u.did(), "password", "wrong", "token", token))
                .assertError(401, "AuthenticationRequired", "Invalid did or password");
        t.post("com.atproto.server.deleteAccount", obj("did", u.did(), "password", TestPds.PASSWORD, "token",
                "AAAAA-AAAAA")).assertError(400, "InvalidToken");
        t.post("com.atproto.server.deleteAccount", obj("did", "nope", "password", "p", "token", token))
                .assertError(400, "InvalidRequest", "Input/did must be a valid did");
        assertEquals(200, t.post("com.atproto.server.deleteAccount", obj("did", u.did(), "password",
                TestPds.PASSWORD, "token", token)).status());
        t.get("com.atproto.admin.getAccountInfo", "did=" + u.did(), admin())
                .assertError(400, "InvalidRequest", "Account not found");
        // Its still-valid access token now names no account.
        t.post("com.atproto.server.requestEmailConfirmation", null, u.auth())
                .assertError(403, "AccountNotFound");
    }

    @Test
    void legacyAccountDeletion() {
        User u = user("oldleaver");
        assertEquals(200, t.post("com.atproto.account.requestDelete", null, u.auth()).status());
        String token = token(u.email(), MailTemplate.DELETE_ACCOUNT);
        t.post("com.atproto.account.delete", obj("did", u.did(), "password", TestPds.PASSWORD))
                .assertError(400, "InvalidRequest", "Input must have the property \"token\"");
        assertEquals(200, t.post("com.atproto.account.delete", obj("did", u.did(), "password", TestPds.PASSWORD,
                "token", token)).status());
        t.post("com.atproto.account.requestDelete", null).assertError(401, "AuthMissing");
    }

    // ------------------------------------------------------------------ status

    @Test
    void deactivationAndStatus() {
        User u = user("sleeper");
        TestServer.Response status = t.get("com.atproto.server.checkAccountStatus", null, u.auth());
        t.assertValidOutput("com.atproto.server.checkAccountStatus", status);
        assertTrue(status.body().get("activated").asBoolean());
        assertTrue(status.body().get("validDid").asBoolean());
        assertEquals(AccountRoutes.EMPTY_REPO_COMMIT, status.body().get("repoCommit").asText());
        t.get("com.atproto.server.checkAccountStatus").assertError(401, "AuthMissing");

        t.post("com.atproto.server.deactivateAccount", obj("deleteAfter", "tomorrow"), u.auth()).assertError(400,
                "InvalidRequest", "Input/deleteAfter must be an valid atproto datetime (both RFC-3339 and ISO-8601)");
        t.post("com.atproto.server.deactivateAccount", Json.object(), bearer(appPassJwt(u)))
                .assertError(400, "InvalidToken", "Bad token scope");
        assertEquals(200, t.post("com.atproto.server.deactivateAccount",
                obj("deleteAfter", "2030-01-01T00:00:00.000Z"), u.auth()).status());
        TestServer.Response after = t.get("com.atproto.server.checkAccountStatus", null, u.auth());
        assertFalse(after.body().get("activated").asBoolean());
        assertTrue(info(u.did()).has("deactivatedAt"));

        // A takendown-scope session may deactivate.
        User v = user("sleeper2");
        String takendown = t.pds.sessionTokens().createAccessToken(v.did(), Scope.TAKENDOWN,
                Duration.ofHours(1));
        assertEquals(200, t.post("com.atproto.server.deactivateAccount", Json.object(), bearer(takendown)).status());
    }

    // ------------------------------------------------------------------ identity

    @Test
    void handleUpdates() {
        User u = user("renamer");
        assertEquals(200, t.post("com.atproto.identity.updateHandle", obj("handle", "Renamed.test"), u.auth())
                .status());
        assertEquals("renamed.test", info(u.did()).get("handle").asText());
        t.post("com.atproto.identity.updateHandle", obj("handle", "admin.test"), u.auth())
                .assertError(400, "HandleNotAvailable", "Reserved handle");
        t.post("com.atproto.identity.updateHandle", obj("handle", "bad handle"), u.auth())
                .assertError(400, "InvalidRequest", "Input/handle must be a valid handle");
        User other = user("otherone");
        t.post("com.atproto.identity.updateHandle", obj("handle", other.handle()), u.auth())
                .assertError(400, "HandleNotAvailable", "Handle already taken: otherone.test");
        t.post("com.atproto.identity.updateHandle", obj("handle", "x.test")).assertError(401, "AuthMissing");
        assertEquals(200, t.post("com.atproto.handle.update", obj("handle", "renamed2.test"), u.auth()).status());
        assertEquals("renamed2.test", info(u.did()).get("handle").asText());
        t.post("com.atproto.handle.update", obj("handle", "no spaces.test"), u.auth())
                .assertError(400, "InvalidHandle");
    }

    @Test
    void plcOperationSignatureRequest() {
        User u = user("plcsigner");
        assertEquals(200, t.post("com.atproto.identity.requestPlcOperationSignature", null, u.auth()).status());
        assertTrue(t.pds.mailer().latest(u.email(), MailTemplate.PLC_OPERATION).isPresent());
        t.post("com.atproto.identity.requestPlcOperationSignature", null, bearer(appPassJwt(u)))
                .assertError(400, "InvalidToken", "Bad token scope");
    }

    // ------------------------------------------------------------------ invites

    @Test
    void accountInviteCodes() {
        User u = user("inviter");
        String code = t.post("com.atproto.server.createInviteCode",
                Json.object().put("useCount", 2).put("forAccount", u.did()), admin()).body().get("code").asText();
        TestServer.Response r = t.get("com.atproto.server.getAccountInviteCodes", null, u.auth());
        t.assertValidOutput("com.atproto.server.getAccountInviteCodes", r);
        assertEquals(1, r.body().get("codes").size());
        JsonNode c = r.body().at("/codes/0");
        assertEquals(code, c.get("code").asText());
        assertEquals(2, c.get("available").asInt());
        assertEquals(u.did(), c.get("forAccount").asText());
        assertEquals("admin", c.get("createdBy").asText());
        t.get("com.atproto.server.getAccountInviteCodes", "includeUsed=nope", u.auth())
                .assertError(400, "InvalidRequest", "Params/includeUsed must be a boolean");
        t.get("com.atproto.server.getAccountInviteCodes", null, bearer(appPassJwt(u)))
                .assertError(400, "InvalidToken", "Bad token scope");

        // The code's use shows up in the admin views.
        JsonNode invited = t.post("com.atproto.server.createAccount", Json.object().put("handle", "invitee.test")
                .put("email", "invitee@mail.test").put("password", "pw").put("inviteCode", code)).body();
        JsonNode inviteeInfo = info(invited.get("did").asText());
        assertEquals(code, inviteeInfo.at("/invitedBy/code").asText());
        assertEquals(invited.get("did").asText(), inviteeInfo.at("/invitedBy/uses/0/usedBy").asText());
        assertEquals(code, info(u.did()).at("/invites/0/code").asText());
    }

    // ------------------------------------------------------------------ admin

    @Test
    void adminAccountViews() {
        User a = user("viewa");
        User b = user("viewb");
        JsonNode va = info(a.did());
        assertEquals(a.did(), va.get("did").asText());
        assertEquals("viewa.test", va.get("handle").asText());
        assertEquals(a.email(), va.get("email").asText());
        assertFalse(va.get("invitesDisabled").asBoolean());
        t.get("com.atproto.admin.getAccountInfo", "did=" + a.did(), null)
                .assertError(401, "AuthenticationRequired", "Authentication Required");
        t.get("com.atproto.admin.getAccountInfo", "did=" + a.did(), a.auth()).assertError(401, "AuthenticationRequired");
        t.get("com.atproto.admin.getAccountInfo", "did=bad", admin())
                .assertError(400, "InvalidRequest", "Params/did must be a valid did");
        t.get("com.atproto.admin.getAccountInfo", null, admin())
                .assertError(400, "InvalidRequest", "Params must have the property \"did\"");

        TestServer.Response infos = t.get("com.atproto.admin.getAccountInfos",
                "dids=" + b.did() + "&dids=" + a.did() + "&dids=did:plc:unknownunknownunknown1", admin());
        t.assertValidOutput("com.atproto.admin.getAccountInfos", infos);
        assertEquals(2, infos.body().get("infos").size());
        assertEquals(b.did(), infos.body().at("/infos/0/did").asText());

        TestServer.Response search = t.get("com.atproto.admin.searchAccounts", "email=VIEW&limit=1", admin());
        t.assertValidOutput("com.atproto.admin.searchAccounts", search);
        assertEquals(1, search.body().get("accounts").size());
        String cursor = search.body().get("cursor").asText();
        TestServer.Response next = t.get("com.atproto.admin.searchAccounts", "email=view&limit=1&cursor=" + cursor,
                admin());
        t.assertValidOutput("com.atproto.admin.searchAccounts", next);
        assertEquals(1, next.body().get("accounts").size());
        t.get("com.atproto.admin.searchAccounts", "limit=101", admin())
                .assertError(400, "InvalidRequest", "Params/limit can not be greater than 100");
    }

    @Test
    void adminUpdates() {
        User u = user("managed");
        assertEquals(200, t.post("com.atproto.admin.updateAccountEmail",
                obj("account", u.handle(), "email", "Managed2@mail.test"), admin()).status());
        assertEquals("managed2@mail.test", info(u.did()).get("email").asText());
        t.post("com.atproto.admin.updateAccountEmail", obj("account", "nobody.test", "email", "x@mail.test"), admin())
                .assertError(400, "InvalidRequest", "Account does not exist: nobody.test");
        t.post("com.atproto.admin.updateAccountEmail", obj("account", "bad!", "email", "x"), admin())
                .assertError(400, "InvalidRequest", "Input/account must be a valid did or a handle");

        assertEquals(200, t.post("com.atproto.admin.updateAccountHandle", obj("did", u.did(), "handle",
                "support.test"), admin()).status(), "admins may take reserved handles");
        assertEquals("support.test", info(u.did()).get("handle").asText());
        t.post("com.atproto.admin.updateAccountHandle", obj("did", u.did(), "handle", "a.b.test"), admin())
                .assertError(400, "InvalidHandle");

        assertEquals(200, t.post("com.atproto.admin.updateAccountPassword", obj("did", u.did(), "password",
                "new-pass"), admin()).status());
        t.post("com.atproto.admin.updateAccountPassword", obj("did", u.did(), "password", "p".repeat(257)), admin())
                .assertError(400, "InvalidRequest", "Invalid password length.");
        t.post("com.atproto.admin.updateAccountPassword", obj("did", u.did(), "password", "x"))
                .assertError(401, "AuthenticationRequired");

        assertEquals(200, t.post("com.atproto.admin.deleteAccount", obj("did", u.did()), admin()).status());
        assertEquals(200, t.post("com.atproto.admin.deleteAccount", obj("did", u.did()), admin()).status(),
                "idempotent");
        t.get("com.atproto.admin.getAccountInfo", "did=" + u.did(), admin()).assertError(400, "InvalidRequest");
    }

    @Test
    void adminInviteManagement() {
        User u = user("codeholder");
        String code = t.post("com.atproto.server.createInviteCode", Json.object().put("useCount", 1),
                admin()).body().get("code").asText();
        ObjectNode disable = Json.object();
        disable.putArray("codes").add(code);
        assertEquals(200, t.post("com.atproto.admin.disableInviteCodes", disable, admin()).status());
        assertFalse(dev.pdsaccounts.service.internal.AccountChanges.isInviteCodeAvailable(t.pds.store(), code));
        ObjectNode adminAccounts = Json.object();
        adminAccounts.putArray("accounts").add("admin");
        t.post("com.atproto.admin.disableInviteCodes", adminAccounts, admin())
                .assertError(400, "InvalidRequest", "cannot disable admin invite codes");

        TestServer.Response page = t.get("com.atproto.admin.getInviteCodes", "limit=1", admin());
        t.assertValidOutput("com.atproto.admin.getInviteCodes", page);
        assertEquals(1, page.body().get("codes").size());
        String cursor = page.body().get("cursor").asText();
        TestServer.Response second = t.get("com.atproto.admin.getInviteCodes", "limit=1&sort=recent&cursor="
                + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8), admin());
        t.assertValidOutput("com.atproto.admin.getInviteCodes", second);
        t.assertValidOutput("com.atproto.admin.getInviteCodes",
                t.get("com.atproto.admin.getInviteCodes", "sort=usage", admin()));
        t.get("com.atproto.admin.getInviteCodes", "sort=oldest", admin())
                .assertError(400, "InvalidRequest", "unknown sort method");
        t.get("com.atproto.admin.getInviteCodes", "limit=501", admin())
                .assertError(400, "InvalidRequest", "Params/limit can not be greater than 500");

        assertEquals(200, t.post("com.atproto.admin.disableAccountInvites", obj("account", u.did(), "note", "spam"),
                admin()).status());
        assertTrue(info(u.did()).get("invitesDisabled").asBoolean());
        assertEquals(200, t.post("com.atproto.admin.enableAccountInvites", obj("account", u.did()), admin())
                .status());
        assertFalse(info(u.did()).get("invitesDisabled").asBoolean());
        t.post("com.atproto.admin.enableAccountInvites", obj("account", "not-a-did"), admin())
                .assertError(400, "InvalidRequest", "Input/account must be a valid did");
    }

    @Test
    void adminSubjectStatus() {
        User u = user("suspect");
        ObjectNode in = Json.object();
        in.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", u.did());
        in.putObject("takedown").put("applied", true).put("ref", "case-42");
        TestServer.Response r = t.post("com.atproto.admin.updateSubjectStatus", in, admin());
        t.assertValidOutput("com.atproto.admin.updateSubjectStatus", r);
        assertEquals(u.did(), r.body().at("/subject/did").asText());
        assertTrue(r.body().at("/takedown/applied").asBoolean());
        assertEquals("case-42", r.body().at("/takedown/ref").asText());

        TestServer.Response s = t.get("com.atproto.admin.getSubjectStatus", "did=" + u.did(), admin());
        t.assertValidOutput("com.atproto.admin.getSubjectStatus", s);
        assertTrue(s.body().at("/takedown/applied").asBoolean());
        assertFalse(s.body().at("/deactivated/applied").asBoolean());

        // A taken-down account is refused where the reference checks takedowns.
        t.post("com.atproto.server.requestEmailConfirmation", null, u.auth())
                .assertError(401, "AccountTakedown", "Account has been taken down");

        ObjectNode both = Json.object();
        both.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", u.did());
        both.putObject("takedown").put("applied", true);
        both.putObject("deactivated").put("applied", false);
        t.post("com.atproto.admin.updateSubjectStatus", both, admin())
                .assertError(400, "InvalidRequest", "Cannot activate and takedown an account at the same time");
        ObjectNode record = Json.object();
        record.putObject("subject").put("$type", "com.atproto.repo.strongRef").put("uri", "at://x").put("cid", "c");
        t.post("com.atproto.admin.updateSubjectStatus", record, admin()).assertError(400, "InvalidRequest");
        ObjectNode noType = Json.object();
        noType.putObject("subject").put("did", u.did());
        t.post("com.atproto.admin.updateSubjectStatus", noType, admin()).assertError(400, "InvalidRequest",
                "Input/subject must be an object which includes the \"$type\" property");

        t.get("com.atproto.admin.getSubjectStatus", null, admin())
                .assertError(400, "InvalidRequest", "No provided subject");
        t.get("com.atproto.admin.getSubjectStatus", "uri=at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a", admin())
                .assertError(400, "InvalidRequest");
        t.get("com.atproto.admin.getSubjectStatus", "did=did:plc:unknownunknownunknown1", admin())
                .assertError(400, "InvalidRequest", "Subject not found");

        ObjectNode lift = Json.object();
        lift.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", u.did());
        lift.putObject("takedown").put("applied", false);
        TestServer.Response lifted = t.post("com.atproto.admin.updateSubjectStatus", lift, admin());
        t.assertValidOutput("com.atproto.admin.updateSubjectStatus", lifted);
        assertFalse(lifted.body().at("/takedown/applied").asBoolean());
        assertEquals(200, t.post("com.atproto.server.requestEmailConfirmation", null, u.auth()).status());
    }
}
