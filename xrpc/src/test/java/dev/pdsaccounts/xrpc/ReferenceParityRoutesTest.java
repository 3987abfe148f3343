package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.testkit.ReferenceParityContract;
import dev.pdsaccounts.testkit.TestPds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The answers of issue 19 over HTTP, as the reference PDS gives them. */
class ReferenceParityRoutesTest {
    static final String NOT_SUPPORTED = "This email address is not supported, please use a different email.";
    @AutoClose
    static final TestServer t = TestServer.start();

    private static ObjectNode signUp(String name, String email) {
        return Json.object().put("handle", name + ".test").put("email", email)
                .put("password", TestPds.PASSWORD).put("inviteCode", t.pds.inviteCode());
    }

    @Test
    void disposableEmailsAreRefused() {
        t.post("com.atproto.server.createAccount", signUp("burner1", "burner1@mailinator.com"))
                .assertError(400, "InvalidRequest", NOT_SUPPORTED);
        t.post("com.atproto.server.createAccount", signUp("burner1", "burner1@GuerrillaMail.com"))
                .assertError(400, "InvalidRequest", NOT_SUPPORTED);
        JsonNode acct = t.createAccount("burner2");
        t.post("com.atproto.server.updateEmail", Json.object().put("email", "burner2@yopmail.com"),
                bearer(acct.get("accessJwt").asText())).assertError(400, "InvalidRequest", NOT_SUPPORTED);
        assertEquals(200, t.post("com.atproto.server.updateEmail", Json.object().put("email", "burner2@mail.test"),
                bearer(acct.get("accessJwt").asText())).status());
    }

    @Test
    void serviceAuthMethodSetsIgnoreCaseAndAudMustBeAtproto() {
        JsonNode acct = t.createAccount("lxmcase");
        String access = bearer(acct.get("accessJwt").asText());
        for (String m : List.of("com.atproto.server.GETSESSION", "com.atproto.identity.signplcoperation")) {
            t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test&lxm=" + m, access)
                    .assertError(400, "InvalidRequest",
                            "cannot request a service auth token for the following protected method: " + m);
        }
        for (String bad : List.of("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                "did:web:other.test%23", "did:example:abc")) {
            t.get("com.atproto.server.getServiceAuth", "aud=" + bad, access).assertError(400, "InvalidRequest",
                    "aud must be a valid atproto DID or did#serviceId reference");
        }
        assertEquals(200, t.get("com.atproto.server.getServiceAuth", "aud=did:web:other.test%23svc", access)
                .status());
    }

    @Test
    void resolveHandleOfAnUnknownHandleIsHandleNotFound() {
        t.get("com.atproto.identity.resolveHandle", "handle=nobody-here.test", null)
                .assertError(400, "HandleNotFound", "Unable to resolve handle");
    }

    @Test
    void aTakenDownAccountIsNotActivatedByTheAdmin() {
        JsonNode acct = t.createAccount("downed");
        String did = acct.get("did").asText();
        ObjectNode down = Json.object();
        down.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", did);
        down.putObject("takedown").put("applied", true).put("ref", "case-7");
        down.putObject("deactivated").put("applied", true);
        assertEquals(200, t.post("com.atproto.admin.updateSubjectStatus", down, admin()).status());
        ObjectNode activate = Json.object();
        activate.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", did);
        activate.putObject("deactivated").put("applied", false);
        t.post("com.atproto.admin.updateSubjectStatus", activate, admin())
                .assertError(400, "AccountNotFound", "user not found");
        TestServer.Response s = t.get("com.atproto.admin.getSubjectStatus", "did=" + did, admin());
        assertTrue(s.body().at("/takedown/applied").asBoolean());
        assertEquals("case-7", s.body().at("/takedown/ref").asText());
        assertTrue(s.body().at("/deactivated/applied").asBoolean(), "nothing changed");
    }

    @Test
    void adminMethodsWithoutCredentialsAnswerAuthenticationRequired() {
        t.get("com.atproto.admin.getInviteCodes", null, null)
                .assertError(401, "AuthenticationRequired", "Authentication Required");
        t.post("com.atproto.admin.disableInviteCodes", Json.object(), null)
                .assertError(401, "AuthenticationRequired", "Authentication Required");
        // Bearer-only methods keep AuthMissing.
        t.get("com.atproto.server.getSession").assertError(401, "AuthMissing", "Authentication Required");
    }

    @Test
    void resetPasswordTooLongIsAnInvalidRequest() {
        t.createAccount("longpw");
        assertEquals(200, t.post("com.atproto.server.requestPasswordReset",
                Json.object().put("email", "longpw@mail.test")).status());
        String token = t.pds.mailer().latest("longpw@mail.test", MailTemplate.RESET_PASSWORD).orElseThrow().token();
        t.post("com.atproto.server.resetPassword", Json.object().put("token", token).put("password", "p".repeat(257)))
                .assertError(400, "InvalidRequest", "Invalid password length.");
    }

    @Test
    void getRepoStatus() {
        JsonNode acct = t.createAccount("repostat");
        String did = acct.get("did").asText();
        TestServer.Response r = t.get("com.atproto.sync.getRepoStatus", "did=" + did, null);
        t.assertValidOutput("com.atproto.sync.getRepoStatus", r);
        assertEquals(did, r.body().get("did").asText());
        assertTrue(r.body().get("active").asBoolean());
        assertTrue(r.body().path("status").isMissingNode() && r.body().path("rev").isMissingNode(), r.body().toString());
        ObjectNode down = Json.object();
        down.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", did);
        down.putObject("takedown").put("applied", true);
        assertEquals(200, t.post("com.atproto.admin.updateSubjectStatus", down, admin()).status());
        TestServer.Response taken = t.get("com.atproto.sync.getRepoStatus", "did=" + did, null);
        t.assertValidOutput("com.atproto.sync.getRepoStatus", taken);
        assertEquals(false, taken.body().get("active").asBoolean());
        assertEquals("takendown", taken.body().get("status").asText());
        t.get("com.atproto.sync.getRepoStatus", "did=did:plc:unknownunknownunknown000", null)
                .assertError(400, "RepoNotFound", "Could not find repo for DID: did:plc:unknownunknownunknown000");
    }

    @Test
    void adminSendEmail() {
        JsonNode acct = t.createAccount("mailme");
        ObjectNode in = Json.object().put("recipientDid", acct.get("did").asText()).put("content", "Hi there")
                .put("senderDid", "did:plc:moderator0000000000000000").put("subject", "Notice");
        TestServer.Response r = t.post("com.atproto.admin.sendEmail", in, admin());
        t.assertValidOutput("com.atproto.admin.sendEmail", r);
        assertTrue(r.body().get("sent").asBoolean());
        dev.pdsaccounts.mail.Mail m = t.pds.mailer().latest("mailme@mail.test", MailTemplate.ADMIN_EMAIL).orElseThrow();
        assertEquals("Notice", m.subject());
        assertEquals(java.util.Optional.of("Hi there"), m.content());
        t.post("com.atproto.admin.sendEmail", in.deepCopy().put("recipientDid", "did:plc:unknownunknownunknown000"),
                admin()).assertError(400, "InvalidRequest", "Recipient not found");
        t.post("com.atproto.admin.sendEmail", in, null).assertError(401, "AuthenticationRequired");
    }

    @Test
    void moderationServiceJwtIsAcceptedByTheModerationAdminMethods() {
        ReferenceParityContract.Moderator mod = ReferenceParityContract.Moderator.create();
        try (TestServer m = TestServer.start(b -> b.moderationServiceDid(mod.did()))) {
            m.pds.plc().submit(mod.did(), mod.genesis());
            JsonNode acct = m.createAccount("modded");
            String did = acct.get("did").asText();
            String aud = m.pds.pds().config().serviceDid();
            String info = "com.atproto.admin.getAccountInfo";
            TestServer.Response r = m.get(info, "did=" + did,
                    bearer(mod.token(m.pds.clock(), mod.atprotoKey(), mod.did(), aud, Optional.of(info))));
            assertEquals(200, r.status(), r.body().toString());
            assertEquals(did, r.body().get("did").asText());
            String labeler = mod.did() + "#atproto_labeler";
            ObjectNode down = Json.object();
            down.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", did);
            down.putObject("takedown").put("applied", true);
            assertEquals(200, m.post("com.atproto.admin.updateSubjectStatus", down, bearer(mod.token(m.pds.clock(),
                    mod.labelKey(), labeler, aud, Optional.of("com.atproto.admin.updateSubjectStatus")))).status());
            // Bound to another method, or for a method outside the moderation set: refused.
            m.get(info, "did=" + did, bearer(mod.token(m.pds.clock(), mod.atprotoKey(), mod.did(), aud,
                    Optional.of("com.atproto.admin.getSubjectStatus")))).assertError(401, "AuthenticationRequired");
            m.post("com.atproto.admin.deleteAccount", Json.object().put("did", did), bearer(mod.token(m.pds.clock(),
                    mod.atprotoKey(), mod.did(), aud, Optional.empty()))).assertError(401, "AuthenticationRequired");
            assertEquals(200, m.get(info, "did=" + did, admin()).status(), "Basic still works");
        }
        // Not configured: a moderation token is refused.
        t.get("com.atproto.admin.getInviteCodes", null, bearer(mod.token(t.pds.clock(), mod.atprotoKey(), mod.did(),
                t.pds.pds().config().serviceDid(), Optional.empty())))
                .assertError(401, "AuthenticationRequired", "Untrusted issuer");
    }

    @Test
    void signAndSubmitPlcOperation() {
        JsonNode acct = t.createAccount("plcuser");
        String auth = bearer(acct.get("accessJwt").asText());
        String did = acct.get("did").asText();
        t.post("com.atproto.identity.signPlcOperation", Json.object(), auth).assertError(400, "InvalidRequest",
                "email confirmation token required to sign PLC operations");
        assertEquals(200, t.post("com.atproto.identity.requestPlcOperationSignature", null, auth).status());
        String token = t.pds.mailer().latest("plcuser@mail.test", MailTemplate.PLC_OPERATION).orElseThrow().token();
        t.post("com.atproto.identity.signPlcOperation", Json.object().put("token", "AAAAA-BBBBB"), auth)
                .assertError(400, "InvalidToken", "Token is invalid");
        ObjectNode badServices = Json.object().put("token", token);
        badServices.put("services", "not an object");
        t.post("com.atproto.identity.signPlcOperation", badServices, auth).assertError(400, "InvalidRequest");
        ObjectNode in = Json.object().put("token", token);
        in.putArray("alsoKnownAs").add("at://plcuser.test").add("https://example.com/plcuser");
        TestServer.Response signed = t.post("com.atproto.identity.signPlcOperation", in, auth);
        t.assertValidOutput("com.atproto.identity.signPlcOperation", signed);
        JsonNode op = signed.body().get("operation");
        assertEquals("https://example.com/plcuser", op.at("/alsoKnownAs/1").asText());
        assertTrue(op.get("sig").isTextual());

        ObjectNode wrong = Json.object();
        ObjectNode tampered = op.deepCopy();
        tampered.putObject("verificationMethods").put("atproto",
                "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");
        wrong.set("operation", tampered);
        t.post("com.atproto.identity.submitPlcOperation", wrong, auth)
                .assertError(400, "InvalidRequest", "Incorrect signing key");
        ObjectNode submit = Json.object();
        submit.set("operation", op);
        assertEquals(200, t.post("com.atproto.identity.submitPlcOperation", submit, auth).status());
        assertEquals(op.get("sig").asText(), t.pds.plc().lastOperation(did).orElseThrow().get("sig"));
        t.post("com.atproto.identity.submitPlcOperation", submit, null).assertError(401, "AuthMissing");
    }
}
