package dev.pdsaccounts.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.ratelimit.InMemoryRateLimiter;
import dev.pdsaccounts.ratelimit.RateLimiter;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import dev.pdsaccounts.testkit.TestPds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limits of the reference's table (section 3.17), one test per row, through the framework-neutral
 * dispatcher (no HTTP server): each allows exactly its budget, then answers 429 {@code RateLimitExceeded}
 * "Rate Limit Exceeded" with the {@code RateLimit-*} headers, and allows again when the window ends.
 */
class DispatcherRateLimitTest {
    static final String IP = "198.51.100.7";
    static final String BYPASS = "bypass-key-0123456789";

    TestPds pds;
    XrpcDispatcher xrpc;

    @BeforeEach
    void setUp() {
        pds = TestPds.over(new InMemoryAccountStore(), c -> c.inviteRequired(false));
        xrpc = XrpcDispatcher.builder(pds.pds())
                .adminPassword(TestServer.ADMIN_PASSWORD)
                .rateLimiter(InMemoryRateLimiter.withDefaults(pds.clock()))
                .rateLimitBypassKey(BYPASS)
                .trustedProxies(Set.of("10.0.0.1"))
                .build();
    }

    XrpcHttpResponse post(String nsid, ObjectNode body, String ip, String... headers) {
        XrpcHttpRequest.Builder b = XrpcHttpRequest.builder("POST", nsid, ip);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").body(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        return xrpc.handle(b.build());
    }

    XrpcHttpResponse get(String nsid, String ip, String... headers) {
        XrpcHttpRequest.Builder b = XrpcHttpRequest.builder("GET", nsid, ip);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return xrpc.handle(b.build());
    }

    void assertLimited(XrpcHttpResponse r, int limit, Duration window) {
        assertEquals(429, r.status(), r.bodyText());
        assertEquals("{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}", r.bodyText());
        assertEquals(String.valueOf(limit), r.headers().get("RateLimit-Limit"));
        assertEquals("0", r.headers().get("RateLimit-Remaining"));
        assertEquals(limit + ";w=" + window.toSeconds(), r.headers().get("RateLimit-Policy"));
        assertTrue(Long.parseLong(r.headers().get("RateLimit-Reset")) > pds.clock().instant().getEpochSecond());
    }

    /** Calls {@code call(i)} {@code allowed} times (none refused), then once more: refused with the limit. */
    void exhaust(int allowed, Duration window, IntFunction<XrpcHttpResponse> call) {
        for (int i = 0; i < allowed; i++) {
            XrpcHttpResponse r = call.apply(i);
            assertNotEquals(429, r.status(), () -> "call " + r + " " + r.bodyText());
        }
        assertLimited(call.apply(allowed), allowed, window);
    }

    static ObjectNode obj(String... kv) {
        ObjectNode o = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    String bearer(String name) {
        CreateAccountOutput out = pds.createAccount(name);
        // Long-lived, so the day-long tests need no refresh.
        return "Bearer " + pds.pds().context().sessionTokens().createAccessToken(out.did(), Scope.ACCESS,
                Duration.ofDays(30));
    }

    @Test
    void globalIs3000PerFiveMinutesPerIp() {
        exhaust(3000, Duration.ofMinutes(5), i -> get("com.atproto.server.describeServer", IP));
        assertEquals(200, get("com.atproto.server.describeServer", "198.51.100.8").status(), "another IP");
        XrpcHttpResponse ok = get("com.atproto.server.describeServer", "198.51.100.8");
        assertEquals("3000", ok.headers().get("RateLimit-Limit"));
        assertEquals("2998", ok.headers().get("RateLimit-Remaining"));
        assertEquals(429, get("com.example.unknown", IP).status(), "counted before routing");
        pds.clock().advance(Duration.ofMinutes(5));
        assertEquals(200, get("com.atproto.server.describeServer", IP).status(), "a new window");
    }

    @Test
    void createAccountIs100PerFiveMinutesPerIp() {
        exhaust(100, Duration.ofMinutes(5), i -> post("com.atproto.server.createAccount",
                obj("handle", "user" + i + ".elsewhere.example", "email", "x@mail.test", "password", "p"), IP));
        assertLimited(post("com.atproto.account.create", obj("handle", "legacy.test", "email", "l@mail.test",
                "password", "p"), IP), 100, Duration.ofMinutes(5));
        assertNotEquals(429, post("com.atproto.server.createAccount", obj("handle", "other.test", "email",
                "o@mail.test", "password", "p"), "198.51.100.9").status());
    }

    @Test
    void createSessionIs30PerFiveMinutesAnd300PerDayPerIdentifierAndIp() {
        pds.createAccount("limited");
        ObjectNode wrong = obj("identifier", "limited.test", "password", "wrong");
        exhaust(30, Duration.ofMinutes(5), i -> post("com.atproto.server.createSession", wrong, IP));
        assertLimited(post("com.atproto.server.createSession", obj("identifier", "limited.test", "password",
                TestPds.PASSWORD), IP), 30, Duration.ofMinutes(5));
        assertEquals(200, post("com.atproto.server.createSession", obj("identifier", "limited.test", "password",
                TestPds.PASSWORD), "198.51.100.10").status(), "same identifier, other IP");
        assertEquals(401, post("com.atproto.server.createSession", obj("identifier", "other.test", "password",
                "x"), IP).status(), "other identifier, same IP");
        // The day limit: 300 per day, across 5-minute windows.
        int sent = 32;
        while (sent < 300) {
            pds.clock().advance(Duration.ofMinutes(5));
            for (int i = 0; i < 30 && sent < 300; i++, sent++) {
                assertEquals(401, post("com.atproto.server.createSession", wrong, IP).status());
            }
        }
        pds.clock().advance(Duration.ofMinutes(5));
        assertLimited(post("com.atproto.server.createSession", wrong, IP), 300, Duration.ofDays(1));
        pds.clock().advance(Duration.ofDays(1));
        assertEquals(401, post("com.atproto.server.createSession", wrong, IP).status(), "the next day");
    }

    @Test
    void requestPasswordResetIs15PerHourAnd50PerDayPerIp() {
        ObjectNode body = obj("email", "nobody@mail.test");
        exhaust(15, Duration.ofHours(1), i -> post("com.atproto.server.requestPasswordReset", body, IP));
        int sent = 16;
        while (sent < 50) {
            pds.clock().advance(Duration.ofHours(1));
            for (int i = 0; i < 15 && sent < 50; i++, sent++) {
                assertEquals(200, post("com.atproto.account.requestPasswordReset", body, IP).status());
            }
        }
        pds.clock().advance(Duration.ofHours(1));
        assertLimited(post("com.atproto.server.requestPasswordReset", body, IP), 50, Duration.ofDays(1));
    }

    @Test
    void resetPasswordIs50PerFiveMinutesPerIp() {
        exhaust(50, Duration.ofMinutes(5), i -> post("com.atproto.server.resetPassword",
                obj("token", "AAAAA-AAAAA", "password", "new-password"), IP));
    }

    @Test
    void deleteAccountIs50PerFiveMinutesPerIp() {
        exhaust(50, Duration.ofMinutes(5), i -> post("com.atproto.server.deleteAccount",
                obj("did", "did:plc:abcdefghijklmnopqrstuvwx", "password", "p", "token", "AAAAA-AAAAA"), IP));
    }

    @Test
    void emailRequestsAre5PerHourAnd15PerDayPerDid() {
        for (String nsid : new String[] {"com.atproto.server.requestEmailConfirmation",
                "com.atproto.server.requestEmailUpdate", "com.atproto.server.requestAccountDelete"}) {
            String auth = bearer(TestPds.randomName());
            exhaust(5, Duration.ofHours(1), i -> post(nsid, null, "198.51.100." + i, "Authorization", auth));
            assertEquals(200, post(nsid, null, IP, "Authorization", bearer(TestPds.randomName())).status(),
                    nsid + ": another account");
            int sent = 6;
            while (sent < 15) {
                pds.clock().advance(Duration.ofHours(1));
                for (int i = 0; i < 5 && sent < 15; i++, sent++) {
                    assertNotEquals(429, post(nsid, null, IP, "Authorization", auth).status());
                }
            }
            pds.clock().advance(Duration.ofHours(1));
            assertLimited(post(nsid, null, IP, "Authorization", auth), 15, Duration.ofDays(1));
            pds.clock().advance(Duration.ofDays(1));
        }
    }

    @Test
    void updateHandleIs10PerFiveMinutesAnd50PerDayPerDid() {
        String name = TestPds.randomName();
        String auth = bearer(name);
        exhaust(10, Duration.ofMinutes(5), i -> post("com.atproto.identity.updateHandle",
                obj("handle", name + ".test"), "198.51.100." + i, "Authorization", auth));
        int sent = 11;
        while (sent < 50) {
            pds.clock().advance(Duration.ofMinutes(5));
            for (int i = 0; i < 10 && sent < 50; i++, sent++) {
                assertNotEquals(429, post("com.atproto.handle.update", obj("handle", name + ".test"), IP,
                        "Authorization", auth).status());
            }
        }
        pds.clock().advance(Duration.ofMinutes(5));
        assertLimited(post("com.atproto.identity.updateHandle", obj("handle", name + ".test"), IP,
                "Authorization", auth), 50, Duration.ofDays(1));
    }

    @Test
    void failedAdminLoginsAre10PerFiveMinutesPerIpThenEvenTheRightPasswordWaits() {
        String wrong = TestServer.basic("admin", "guess");
        ObjectNode in = Json.object().put("useCount", 1);
        for (int i = 0; i < 10; i++) {
            assertEquals(401, post("com.atproto.server.createInviteCode", in, IP, "Authorization", wrong).status());
        }
        assertLimited(post("com.atproto.server.createInviteCode", in, IP, "Authorization", wrong), 10,
                Duration.ofMinutes(5));
        assertLimited(post("com.atproto.server.createInviteCode", in, IP, "Authorization", TestServer.admin()), 10,
                Duration.ofMinutes(5));
        assertEquals(200, post("com.atproto.server.createInviteCode", in, "198.51.100.11", "Authorization",
                TestServer.admin()).status(), "another IP");
        for (int i = 0; i < 50; i++) {
            assertEquals(200, post("com.atproto.server.createInviteCode", in, "198.51.100.12", "Authorization",
                    TestServer.admin()).status(), "successes are not counted");
        }
        pds.clock().advance(Duration.ofMinutes(5));
        assertEquals(200, post("com.atproto.server.createInviteCode", in, IP, "Authorization", TestServer.admin())
                .status());
    }

    @Test
    void bypassKeySkipsEveryLimit() {
        ObjectNode body = obj("token", "AAAAA-AAAAA", "password", "new-password");
        for (int i = 0; i < 60; i++) {
            XrpcHttpResponse r = post("com.atproto.server.resetPassword", body, IP, "x-ratelimit-bypass", BYPASS);
            assertNotEquals(429, r.status());
            assertFalse(r.headers().containsKey("RateLimit-Limit"), "not limited: no headers");
        }
        exhaust(50, Duration.ofMinutes(5), i -> post("com.atproto.server.resetPassword", body, IP,
                "x-ratelimit-bypass", "wrong-key"));
    }

    @Test
    void clientIpComesFromTheSocketUnlessATrustedProxyForwards() {
        ObjectNode body = obj("token", "AAAAA-AAAAA", "password", "new-password");
        // Behind the trusted proxy 10.0.0.1: the forwarded client is the key, and each client has its own budget.
        exhaust(50, Duration.ofMinutes(5), i -> post("com.atproto.server.resetPassword", body, "10.0.0.1",
                "X-Forwarded-For", "203.0.113.5"));
        assertNotEquals(429, post("com.atproto.server.resetPassword", body, "10.0.0.1",
                "X-Forwarded-For", "203.0.113.6").status());
        // A spoofed left-most entry does not help: the right-most untrusted hop is the client.
        assertEquals(429, post("com.atproto.server.resetPassword", body, "10.0.0.1",
                "X-Forwarded-For", "1.2.3.4, 203.0.113.5").status());
        // From an untrusted peer the header is ignored: the peer itself is the key.
        exhaust(50, Duration.ofMinutes(5), i -> post("com.atproto.server.resetPassword", body, "192.0.2.1",
                "X-Forwarded-For", "198.18.0." + i));
    }

    @Test
    void limitsOffWithNone() {
        XrpcDispatcher open = XrpcDispatcher.builder(pds.pds()).rateLimiter(RateLimiter.NONE).build();
        assertFalse(open.rateLimited());
        for (int i = 0; i < 120; i++) {
            XrpcHttpResponse r = open.handle(XrpcHttpRequest.builder("POST", "com.atproto.server.resetPassword", IP)
                    .header("Content-Type", "application/json")
                    .body(obj("token", "AAAAA-AAAAA", "password", "x").toString().getBytes(StandardCharsets.UTF_8))
                    .build());
            assertNotEquals(429, r.status());
        }
    }
}
