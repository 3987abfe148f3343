package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static dev.pdsaccounts.xrpc.TestServer.basic;
import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter itself, over a routing table of test routes: dispatch, HTTP verbs, bodies, JSON, error mapping
 * and credential extraction.
 */
class XrpcServerTest {
    static TestServer t;

    @BeforeAll
    static void start() {
        t = TestServer.withRoutes(List.of(
                // Procedure with input and output.
                new Route("com.atproto.server.createInviteCode", Auth.none(),
                        req -> Json.object().put("code", "n" + req.integer("useCount"))),
                // Procedure without input or output.
                new Route("com.atproto.server.requestAccountDelete", Auth.none(), req -> null),
                // Query with parameters.
                new Route("com.atproto.admin.getInviteCodes", Auth.none(), req -> {
                    ObjectNode out = Json.object().put("cursor", req.optString("sort").orElse("") + "/"
                            + req.integer("limit"));
                    out.putArray("codes");
                    return out;
                }),
                new Route("com.atproto.server.getSession", Auth.access(Scope.STANDARD, false),
                        req -> Json.object().put("handle", "alice.test").put("did", req.access().did())),
                new Route("com.atproto.server.createAppPassword", Auth.access(Scope.FULL, false),
                        req -> Json.object().put("name", "n").put("password", "p")
                                .put("createdAt", "2024-01-01T00:00:00.000Z")),
                new Route("com.atproto.server.refreshSession", Auth.refresh(false),
                        req -> Json.object().put("accessJwt", "a").put("refreshJwt", req.refresh().jwt())
                                .put("handle", "alice.test").put("did", req.refresh().claims().did())),
                new Route("com.atproto.server.deleteSession", Auth.refresh(true), req -> null),
                new Route("com.atproto.server.createInviteCodes", Auth.admin(), req -> {
                    ObjectNode out = Json.object();
                    out.putArray("codes");
                    return out;
                }),
                new Route("com.atproto.server.createAccount", Auth.optionalServiceAuth(),
                        req -> Json.object().put("accessJwt", req.serviceAuthJwt().orElse("none"))
                                .put("refreshJwt", "r").put("handle", "alice.test").put("did", "did:plc:abc")),
                new Route("com.atproto.server.describeServer", Auth.none(), req -> {
                    throw new StoreException("database unavailable");
                }),
                new Route("com.atproto.server.checkAccountStatus", Auth.none(), req -> {
                    throw new IllegalStateException("a bug");
                }),
                // Output that breaks its lexicon: a bug, answered 500.
                new Route("com.atproto.server.listAppPasswords", Auth.none(),
                        req -> Json.object().put("passwords", "not an array")),
                new Route("com.atproto.server.requestPasswordReset", Auth.none(),
                        req -> Json.object().put("unexpected", true))));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static ObjectNode useCount(int n) {
        return Json.object().put("useCount", n);
    }

    @Test
    void dispatchesProceduresAndQueries() {
        assertEquals("n3", t.post("com.atproto.server.createInviteCode", useCount(3)).body().get("code").asText());
        TestServer.Response r = t.post("com.atproto.server.requestAccountDelete", null);
        assertEquals(200, r.status());
        assertNull(r.body());
        assertEquals("usage/7", t.get("com.atproto.admin.getInviteCodes", "limit=7&sort=usage", null).body()
                .get("cursor").asText());
        assertEquals("recent/100", t.get("com.atproto.admin.getInviteCodes").body().get("cursor").asText());
        assertEquals("recent/100", t.get("com.atproto.admin.getInviteCodes/", null, null).body()
                .get("cursor").asText(), "a trailing slash is ignored");
        assertEquals("application/json;charset=utf-8", t.get("com.atproto.admin.getInviteCodes").raw().headers()
                .firstValue("Content-Type").orElse("").replace(" ", ""), "servlet containers drop the space");
    }

    @Test
    void unknownMethodIsNotImplemented() {
        t.get("com.example.nothing").assertError(501, "MethodNotImplemented", "Method Not Implemented");
        t.post("com.example.nothing", Json.object()).assertError(501, "MethodNotImplemented");
        // A lexicon we ship but do not route.
        t.get("com.atproto.server.getAccountInviteCodes").assertError(501, "MethodNotImplemented");
        // A dot-segment path: refused by the server (400) or, if it reaches the dispatcher, not a method.
        TestServer.Response dots = t.get("../../etc/passwd");
        assertTrue(dots.status() == 400 || dots.status() == 501, () -> "status " + dots.status());
    }

    @Test
    void otherPathsAreNotFound() {
        TestServer.Response r = t.send(HttpRequest.newBuilder(java.net.URI.create(t.server.url() + "/nothing"))
                .build());
        r.assertError(404, "NotFound");
        TestServer.Response health = t.get("_health");
        assertEquals(200, health.status());
        assertTrue(health.body().has("version"));
    }

    @Test
    void wrongHttpMethod() {
        t.get("com.atproto.server.createInviteCode")
                .assertError(400, "InvalidRequest", "Incorrect HTTP method (GET) expected POST");
        t.post("com.atproto.admin.getInviteCodes", Json.object())
                .assertError(400, "InvalidRequest", "Incorrect HTTP method (POST) expected GET");
        t.send(HttpRequest.newBuilder(t.uri("com.atproto.server.createInviteCode", null))
                        .method("PUT", HttpRequest.BodyPublishers.ofString("{}")).build())
                .assertError(400, "InvalidRequest", "Incorrect HTTP method (PUT) expected POST");
        t.send(HttpRequest.newBuilder(t.uri("com.atproto.admin.getInviteCodes", null)).DELETE().build())
                .assertError(400, "InvalidRequest", "Incorrect HTTP method (DELETE) expected GET");
    }

    @Test
    void requestEncoding() {
        byte[] body = "{\"useCount\":1}".getBytes(StandardCharsets.UTF_8);
        t.postRaw("com.atproto.server.createInviteCode", "text/plain", body)
                .assertError(400, "InvalidRequest", "Wrong request encoding (Content-Type): text/plain");
        t.postRaw("com.atproto.server.createInviteCode", null, body)
                .assertError(400, "InvalidRequest", "Request encoding (Content-Type) required but not provided");
        assertEquals(200, t.postRaw("com.atproto.server.createInviteCode", "Application/JSON; charset=utf-8", body)
                .status());
        t.postRaw("com.atproto.server.createInviteCode", "application/json", new byte[0])
                .assertError(400, "InvalidRequest", "A request body is expected but none was provided");
        t.postRaw("com.atproto.server.requestAccountDelete", "application/json", "{}".getBytes())
                .assertError(400, "InvalidRequest", "A request body was provided when none was expected");
        t.send(HttpRequest.newBuilder(t.uri("com.atproto.admin.getInviteCodes", null))
                        .method("GET", HttpRequest.BodyPublishers.ofString("{}")).build())
                .assertError(400, "InvalidRequest", "A request body was provided when none was expected");
    }

    @Test
    void malformedJsonIsA400NeverA500() {
        String nsid = "com.atproto.server.createInviteCode";
        for (String bad : List.of("{", "{\"useCount\":1,}", "{\"useCount\":1} {}", "nul", "{'useCount':1}",
                "{\"useCount\":1,\"useCount\":2}", "\u0000", "{\"useCount\":01}", "[1,2", "{\"a\":\"\\uZZZZ\"}")) {
            t.postRaw(nsid, "application/json", bad.getBytes(StandardCharsets.UTF_8))
                    .assertError(400, "InvalidRequest", "Request body is not valid JSON");
        }
        t.postRaw(nsid, "application/json", new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'})
                .assertError(400, "InvalidRequest");
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        t.postRaw(nsid, "application/json", deep.getBytes(StandardCharsets.UTF_8)).assertError(400, "InvalidRequest");
        String deepArray = "[".repeat(100_000) + "]".repeat(100_000);
        t.postRaw(nsid, "application/json", deepArray.getBytes(StandardCharsets.UTF_8))
                .assertError(400, "InvalidRequest");
        t.postRaw(nsid, "application/json", "[]".getBytes()).assertError(400, "InvalidRequest", "Input must be an object");
        t.postRaw(nsid, "application/json", "\"x\"".getBytes()).assertError(400, "InvalidRequest",
                "Input must be an object");
        t.post(nsid, Json.object().put("useCount", "1"))
                .assertError(400, "InvalidRequest", "Input/useCount must be an integer");
        t.post(nsid, Json.object()).assertError(400, "InvalidRequest", "Input must have the property \"useCount\"");
    }

    @Test
    void errorMessagesNeverEchoTheBody() {
        String secret = "hunter2-secret-password";
        TestServer.Response r = t.postRaw("com.atproto.server.createInviteCode", "application/json",
                ("{\"password\":\"" + secret + "\", broken").getBytes(StandardCharsets.UTF_8));
        r.assertError(400, "InvalidRequest");
        assertTrue(!r.body().toString().contains(secret), "the answer must not quote the body");
    }

    @Test
    void oversizedBodiesAre413() {
        String nsid = "com.atproto.server.createInviteCode";
        byte[] big = ("{\"useCount\":1,\"pad\":\"" + "x".repeat(XrpcDispatcher.DEFAULT_MAX_BODY_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        t.postRaw(nsid, "application/json", big).assertError(413, "PayloadTooLarge", "request entity too large");
        // Chunked (no Content-Length): cut off while reading.
        TestServer.Response chunked = t.send(HttpRequest.newBuilder(t.uri(nsid, null))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build());
        chunked.assertError(413, "PayloadTooLarge");
        // Just under the limit is read.
        byte[] fits = ("{\"useCount\":2,\"pad\":\"" + "x".repeat(XrpcDispatcher.DEFAULT_MAX_BODY_BYTES - 100) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(200, t.postRaw(nsid, "application/json", fits).status());
    }

    @Test
    void bodyLimitIsConfigurable() {
        TestServer small = TestServer.start(dev.pdsaccounts.testkit.TestPds.over(
                        new dev.pdsaccounts.store.memory.InMemoryAccountStore()),
                XrpcDispatcher.builder(t.pds.pds()).maxBodyBytes(64).routes(List.of(new Route(
                        "com.atproto.server.createInviteCode", Auth.none(), req -> Json.object().put("code", "c")))));
        try {
            small.postRaw("com.atproto.server.createInviteCode", "application/json",
                    ("{\"useCount\":1,\"pad\":\"" + "x".repeat(64) + "\"}").getBytes())
                    .assertError(413, "PayloadTooLarge");
            assertEquals(200, small.post("com.atproto.server.createInviteCode", useCount(1)).status());
        } finally {
            small.close();
        }
    }

    @Test
    void badQueryParameters() {
        t.get("com.atproto.admin.getInviteCodes", "limit=abc", null)
                .assertError(400, "InvalidRequest", "Params/limit must be an integer");
        t.get("com.atproto.admin.getInviteCodes", "limit=0", null)
                .assertError(400, "InvalidRequest", "Params/limit can not be less than 1");
        String answer = t.raw("GET /xrpc/com.atproto.admin.getInviteCodes?limit=%zz HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        t.get("com.atproto.admin.getInviteCodes", "x=1&".repeat(XrpcDispatcher.MAX_QUERY_PARAMS + 1), null)
                .assertError(400, "InvalidRequest", "Too many query parameters");
    }

    @Test
    void failuresAreMappedTo500WithoutDetails() {
        t.get("com.atproto.server.describeServer")
                .assertError(500, "InternalServerError", "Internal Server Error");
        t.get("com.atproto.server.checkAccountStatus")
                .assertError(500, "InternalServerError", "Internal Server Error");
        t.get("com.atproto.server.listAppPasswords")
                .assertError(500, "InternalServerError", "Internal Server Error");
        t.post("com.atproto.server.requestPasswordReset", Json.object().put("email", "a@b.test"))
                .assertError(500, "InternalServerError", "Internal Server Error");
        assertTrue(InfrastructureException.class.isAssignableFrom(StoreException.class));
    }

    // ------------------------------------------------------------------ credentials

    SessionTokens tokens() {
        return t.pds.sessionTokens();
    }

    @Test
    void accessTokens() {
        String nsid = "com.atproto.server.getSession";
        String did = "did:plc:abcdefghijklmnopqrstuvwx";
        String access = tokens().createAccessToken(did, Scope.ACCESS, Duration.ofHours(2));
        TestServer.Response ok = t.get(nsid, null, bearer(access));
        assertEquals(did, ok.body().get("did").asText());
        assertEquals(200, t.get(nsid, null, "bearer " + access).status(), "the scheme is case-insensitive");
        // App-password scopes: accepted where STANDARD is, refused where FULL is needed.
        String appPass = tokens().createAccessToken(did, Scope.APP_PASS, Duration.ofHours(2));
        assertEquals(200, t.get(nsid, null, bearer(appPass)).status());
        t.post("com.atproto.server.createAppPassword", Json.object().put("name", "x"), bearer(appPass))
                .assertError(400, "InvalidToken", "Bad token scope");

        t.get(nsid).assertError(401, "AuthMissing", "Authentication Required");
        t.get(nsid, null, admin()).assertError(401, "AuthMissing");
        t.get(nsid, null, "Bearer").assertError(400, "InvalidToken", "Malformed authorization header");
        t.get(nsid, null, "Bearer a b").assertError(400, "InvalidToken", "Malformed authorization header");
        t.get(nsid, null, "Token abc").assertError(400, "InvalidToken", "Unsupported authorization type");
        t.get(nsid, null, "Bearer " + "x".repeat(Authenticator.MAX_HEADER_LENGTH))
                .assertError(400, "InvalidToken", "Malformed authorization header");
        t.get(nsid, null, bearer("not-a-jwt")).assertError(400, "InvalidToken", "Token could not be verified");
        t.get(nsid, null, bearer(access + "x")).assertError(400, "InvalidToken", "Token could not be verified");
        // A refresh token where an access token is needed.
        String refresh = tokens().createRefreshToken(did, "jti-1", Duration.ofDays(90));
        t.get(nsid, null, bearer(refresh)).assertError(400, "InvalidToken", "Token could not be verified");
        // Expired.
        String shortLived = tokens().createAccessToken(did, Scope.ACCESS, Duration.ofSeconds(1));
        t.pds.clock().advance(Duration.ofSeconds(5));
        t.get(nsid, null, bearer(shortLived)).assertError(400, "ExpiredToken", "Token has expired");
    }

    @Test
    void refreshTokens() {
        String did = "did:plc:abcdefghijklmnopqrstuvwx";
        String refresh = tokens().createRefreshToken(did, "jti-2", Duration.ofDays(90));
        TestServer.Response ok = t.post("com.atproto.server.refreshSession", null, bearer(refresh));
        assertEquals(did, ok.body().get("did").asText());
        String access = tokens().createAccessToken(did, Scope.ACCESS, Duration.ofHours(2));
        t.post("com.atproto.server.refreshSession", null, bearer(access))
                .assertError(400, "InvalidToken", "Token could not be verified");
        t.post("com.atproto.server.refreshSession", null, null).assertError(401, "AuthMissing");
        String expiring = tokens().createRefreshToken(did, "jti-3", Duration.ofSeconds(1));
        t.pds.clock().advance(Duration.ofSeconds(5));
        t.post("com.atproto.server.refreshSession", null, bearer(expiring))
                .assertError(400, "ExpiredToken", "Token has expired");
        assertEquals(200, t.post("com.atproto.server.deleteSession", null, bearer(expiring)).status(),
                "logout accepts an expired refresh token");
    }

    @Test
    void adminCredentials() {
        String nsid = "com.atproto.server.createInviteCodes";
        ObjectNode in = useCount(1);
        assertEquals(200, t.post(nsid, in, admin()).status());
        t.post(nsid, in, null).assertError(401, "AuthenticationRequired", "Authentication Required");
        t.post(nsid, in, basic("admin", "wrong")).assertError(401, "AuthenticationRequired", "Authentication Required");
        t.post(nsid, in, basic("root", TestServer.ADMIN_PASSWORD)).assertError(401, "AuthenticationRequired");
        t.post(nsid, in, basic("admin", TestServer.ADMIN_PASSWORD + "x")).assertError(401, "AuthenticationRequired");
        t.post(nsid, in, basic("admin", "")).assertError(401, "AuthenticationRequired");
        t.post(nsid, in, "Basic !!!notbase64").assertError(401, "AuthenticationRequired");
        t.post(nsid, in, "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()))
                .assertError(401, "AuthenticationRequired");
        t.post(nsid, in, bearer("abc")).assertError(401, "AuthenticationRequired");
        t.post(nsid, in, "Basic").assertError(400, "InvalidToken", "Malformed authorization header");
        // Auth is checked before the body is read.
        t.postRaw(nsid, "text/plain", "garbage".getBytes()).assertError(401, "AuthenticationRequired");
    }

    @Test
    void adminRoutesAreClosedWithoutAnAdminPassword() {
        dev.pdsaccounts.testkit.TestPds pds = dev.pdsaccounts.testkit.TestPds.over(
                new dev.pdsaccounts.store.memory.InMemoryAccountStore());
        Transport.Running s = Transport.current().start(XrpcDispatcher.builder(pds.pds()).build());
        try {
            TestServer.Response r = t.send(HttpRequest.newBuilder(
                            java.net.URI.create(s.url() + "/xrpc/com.atproto.server.createInviteCode"))
                    .header("Authorization", basic("admin", ""))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"useCount\":1}")).build());
            r.assertError(401, "AuthenticationRequired");
        } finally {
            s.close();
        }
    }

    @Test
    void optionalServiceAuth() {
        String nsid = "com.atproto.server.createAccount";
        ObjectNode in = Json.object().put("handle", "alice.test");
        assertEquals("none", t.post(nsid, in, null).body().get("accessJwt").asText());
        assertEquals("svc.jwt.token", t.post(nsid, in, bearer("svc.jwt.token")).body().get("accessJwt").asText());
        t.post(nsid, in, admin()).assertError(401, "AuthenticationRequired", "Invalid authorization header");
    }

    @Test
    void rawHttpGarbageDoesNotBreakTheServer() throws IOException {
        String port = String.valueOf(t.server.port());
        for (String raw : List.of("GARBAGE\r\n\r\n", "GET /xrpc/%%% HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /xrpc/com.atproto.server.createInviteCode HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "POST /xrpc/com.atproto.server.createInviteCode HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")) {
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(port))) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                if (n > 0) {
                    String head = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    assertTrue(!head.startsWith("HTTP/1.1 500"), "no 500 for " + raw.trim() + ": " + head);
                }
            } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
                // The JDK server may just drop a connection it cannot parse: fine.
            }
        }
        assertEquals("n1", t.post("com.atproto.server.createInviteCode", useCount(1)).body().get("code").asText(),
                "still serving");
    }

    @Test
    void scopesOfRoutesAreCopied() {
        Auth a = Auth.access(Set.of(Scope.ACCESS), true);
        assertEquals(Set.of(Scope.ACCESS), a.scopes());
        assertTrue(a.checkTakedown());
    }
}
