package dev.pdsaccounts.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's settings and start-up: flags over environment, refusals, dev mode, the outbox. */
class DemoServerTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-demo";
    static final String KEY = "9b1d8e4ba0d25e3fb4a0b2b7c1ef4b8a6b7e3a2c1d0f9e8d7c6b5a4938271605";

    @TempDir
    Path dir;

    static DemoConfig parse(List<String> args, Map<String, String> env) {
        return DemoConfig.parse(args, env::get);
    }

    @Test
    void defaults() {
        DemoConfig c = parse(List.of(), Map.of());
        assertEquals(2583, c.port());
        assertEquals("127.0.0.1", c.bind());
        assertEquals("localhost", c.hostname());
        assertEquals(Path.of("./data/pdsaccounts.sqlite"), c.databaseFile());
        assertTrue(c.inviteRequired());
        assertFalse(c.dev());
        assertTrue(c.adminPassword().isEmpty());
    }

    @Test
    void flagsWinOverEnvironment() {
        DemoConfig c = parse(List.of("--port", "9000", "--hostname=PDS.Example.com", "--invite-required=false",
                "--dev", "--admin-password", "flag-pw"),
                Map.of("PDS_PORT", "1", "PDS_ADMIN_PASSWORD", "env-pw", "PDS_JWT_SECRET", SECRET,
                        "PDS_DATA_DIRECTORY", "/tmp/x", "PDS_INVITE_REQUIRED", "true"));
        assertEquals(9000, c.port());
        assertEquals("pds.example.com", c.hostname());
        assertFalse(c.inviteRequired());
        assertTrue(c.dev());
        assertEquals(Optional.of("flag-pw"), c.adminPassword());
        assertEquals(Optional.of(SECRET), c.jwtSecret());
        assertEquals(Path.of("/tmp/x"), c.dataDirectory());
        assertFalse(c.toString().contains("flag-pw"), "no secret in toString");
        assertFalse(c.toString().contains(SECRET));
        assertTrue(parse(List.of(), Map.of("PDS_DEV", "true")).dev());
    }

    @Test
    void badFlags() {
        assertThrows(IllegalArgumentException.class, () -> parse(List.of("--port"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> parse(List.of("--port", "x"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> parse(List.of("--port", "70000"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> parse(List.of("--nope"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> parse(List.of("stray"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> parse(List.of("--dev=maybe"), Map.of()));
        assertTrue(parse(List.of("--help"), Map.of()).help());
        assertTrue(DemoConfig.USAGE.contains("PDS_JWT_SECRET"));
    }

    DemoConfig config(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--port", "0", "--data", dir.toString()));
        all.addAll(List.of(args));
        return parse(all, Map.of());
    }

    @Test
    void refusesToStartWithoutSecretsOutsideDevMode() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoServer.start(config(), out))
                .getMessage().contains("JWT secret"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DemoServer.start(config("--jwt-secret", SECRET), out)).getMessage().contains("rotation key"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DemoServer.start(config("--jwt-secret", SECRET, "--plc-rotation-key", KEY), out))
                .getMessage().contains("admin password"));
        // Unusable secrets are refused by the library's PdsSecrets, naming the setting.
        assertTrue(assertThrows(ConfigurationException.class,
                () -> DemoServer.start(config("--jwt-secret", "too-short", "--plc-rotation-key", KEY,
                        "--admin-password", "pw"), out)).getMessage().startsWith("PDS_JWT_SECRET is too short"));
        assertThrows(ConfigurationException.class,
                () -> DemoServer.start(config("--jwt-secret", SECRET, "--plc-rotation-key", "abc",
                        "--admin-password", "pw"), out));
    }

    @Test
    void startsWithGivenSecretsAndNoOutbox() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DemoServer demo = DemoServer.start(config("--jwt-secret", SECRET, "--plc-rotation-key", KEY,
                "--admin-password", "pw"), new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertFalse(out.contains("GENERATED"), out);
            assertFalse(out.contains(SECRET) || out.contains(KEY) || out.contains(": pw"), "no secret printed");
            HttpResponse<String> r = get(demo.server().url() + DevOutbox.PATH);
            assertEquals(404, r.statusCode());
        }
    }

    @Test
    void devModeGeneratesSecretsSaysSoAndServesTheOutbox() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DemoServer demo = DemoServer.start(config("--dev"), new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("listening on " + demo.server().url()), out);
            assertTrue(out.contains("JWT secret:       GENERATED"), out);
            assertTrue(out.contains("PLC rotation key: GENERATED"), out);
            Path pwFile = dir.resolve("dev-admin-password");
            assertTrue(out.contains("GENERATED (dev mode), written to " + pwFile), out);
            String password = Files.readString(pwFile).trim();
            assertFalse(out.contains(password), "the generated password is not printed");
            assertTrue(out.contains("handles end in .test"), out);
            assertTrue(out.contains("store:            SQLite file " + dir.resolve("pdsaccounts.sqlite")), out);
            assertTrue(Files.exists(dir.resolve("pdsaccounts.sqlite")));

            // The printed invite code creates an account.
            Matcher m = Pattern.compile("admin invite code \\(1 use\\): (\\S+)").matcher(out);
            assertTrue(m.find(), out);
            String body = "{\"handle\":\"zoe42.test\",\"email\":\"zoe42@mail.test\",\"password\":\"pw\",\"inviteCode\":\""
                    + m.group(1) + "\"}";
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(demo.server().url() + "/xrpc/com.atproto.server.createAccount"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, created.statusCode(), created.body());
            // The in-memory PLC directory is readable with plc.directory's API.
            String did = Json.mapper().readTree(created.body()).get("did").asText();
            String plc = demo.server().url() + DevPlcDirectory.PATH + "/" + did;
            JsonNode doc = Json.mapper().readTree(get(plc).body());
            assertEquals(did, doc.get("id").asText());
            assertEquals("at://zoe42.test", doc.at("/alsoKnownAs/0").asText());
            JsonNode data = Json.mapper().readTree(get(plc + "/data").body());
            assertEquals(did, data.get("did").asText());
            assertTrue(data.get("rotationKeys").get(0).asText().startsWith("did:key:z"), data.toString());
            assertEquals(demo.pds().config().publicUrl(), data.at("/services/atproto_pds/endpoint").asText());
            JsonNode log = Json.mapper().readTree(get(plc + "/log").body());
            assertEquals(1, log.size());
            assertEquals("plc_operation", log.get(0).get("type").asText());
            assertEquals(log.get(0), Json.mapper().readTree(get(plc + "/log/last").body()));
            JsonNode audit = Json.mapper().readTree(get(plc + "/log/audit").body());
            assertEquals(did, audit.get(0).get("did").asText());
            assertTrue(audit.get(0).get("cid").asText().startsWith("bafy"), audit.toString());
            HttpResponse<String> unknown = get(demo.server().url() + DevPlcDirectory.PATH
                    + "/did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
            assertEquals(404, unknown.statusCode());
            assertEquals("DID not registered: did:plc:aaaaaaaaaaaaaaaaaaaaaaaa",
                    Json.mapper().readTree(unknown.body()).get("message").asText());
            assertEquals(400, get(demo.server().url() + DevPlcDirectory.PATH + "/not-a-did").statusCode());
            // The admin password from the file works.
            HttpResponse<String> invite = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(demo.server().url() + "/xrpc/com.atproto.server.createInviteCode"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", TestServer.basic("admin", password))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"useCount\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, invite.statusCode(), invite.body());

            // The outbox: oldest first, filter by recipient (case-insensitive).
            assertEquals("[]", get(demo.server().url() + DevOutbox.PATH).body());
            demo.mailer().send(new Mail(MailTemplate.RESET_PASSWORD, "a@mail.test", "AAAAA-BBBBB", Optional.of("a.test")));
            demo.mailer().send(new Mail(MailTemplate.DELETE_ACCOUNT, "b@mail.test", "CCCCC-DDDDD", Optional.empty()));
            JsonNode all = Json.mapper().readTree(get(demo.server().url() + DevOutbox.PATH).body());
            assertEquals(2, all.size());
            assertEquals("a@mail.test", all.get(0).get("to").asText());
            assertEquals("resetPassword", all.get(0).get("template").asText());
            assertEquals("Password Reset Requested", all.get(0).get("subject").asText());
            assertEquals("AAAAA-BBBBB", all.get(0).get("token").asText());
            JsonNode toB = Json.mapper().readTree(get(demo.server().url() + DevOutbox.PATH + "?to=B%40mail.test").body());
            assertEquals(1, toB.size());
            assertEquals("deleteAccount", toB.get(0).get("template").asText());
            assertEquals(404, get(demo.server().url() + DevOutbox.PATH + "/x").statusCode());
        }
    }

    @Test
    void accountsOutliveARestart() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String body = "{\"handle\":\"keeper.test\",\"email\":\"keeper@mail.test\",\"password\":\"pw-1\"}";
        try (DemoServer demo = DemoServer.start(config("--dev", "--invite-required=false"), quiet)) {
            assertEquals(200, post(demo, "com.atproto.server.createAccount", body).statusCode());
        }
        try (DemoServer demo = DemoServer.start(config("--dev", "--invite-required=false"), quiet)) {
            HttpResponse<String> login = post(demo, "com.atproto.server.createSession",
                    "{\"identifier\":\"keeper@mail.test\",\"password\":\"pw-1\"}");
            assertEquals(200, login.statusCode(), login.body());
        }
    }

    @Test
    void rateLimitFlags() {
        DemoConfig d = parse(List.of(), Map.of());
        assertTrue(d.rateLimits(), "on by default");
        assertTrue(d.dbUrl().isEmpty());
        assertTrue(d.trustedProxies().isEmpty());
        DemoConfig c = parse(List.of("--rate-limits=false", "--rate-limit-bypass-key", "k3y", "--trusted-proxies",
                "10.0.0.1, 10.0.0.2", "--db-url", "jdbc:postgresql://db/pds?password=s3cret"),
                Map.of("PDS_RATE_LIMIT_BYPASS_IPS", "127.0.0.1"));
        assertFalse(c.rateLimits());
        assertEquals(Optional.of("k3y"), c.rateLimitBypassKey());
        assertEquals(java.util.Set.of("10.0.0.1", "10.0.0.2"), c.trustedProxies());
        assertEquals(java.util.Set.of("127.0.0.1"), c.rateLimitBypassIps());
        assertFalse(c.toString().contains("s3cret") || c.toString().contains("k3y"), c.toString());
        assertFalse(parse(List.of(), Map.of("PDS_RATE_LIMITS_ENABLED", "false")).rateLimits());
        assertThrows(IllegalArgumentException.class, () -> DemoServer.start(config("--dev", "--db-url",
                "jdbc:sqlite:x.db"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    @Test
    void rateLimitsAreOnByDefaultAndCanBeTurnedOff() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String wrong = TestServer.basic("admin", "guess");
        try (DemoServer demo = DemoServer.start(config("--dev"), quiet)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(401, postAuth(demo, "com.atproto.server.createInviteCode", "{\"useCount\":1}", wrong)
                        .statusCode());
            }
            HttpResponse<String> limited = postAuth(demo, "com.atproto.server.createInviteCode", "{\"useCount\":1}",
                    wrong);
            assertEquals(429, limited.statusCode(), limited.body());
            assertTrue(limited.body().contains("RateLimitExceeded"), limited.body());
            assertEquals("10;w=300", limited.headers().firstValue("RateLimit-Policy").orElse(""));
        }
        try (DemoServer demo = DemoServer.start(config("--dev", "--rate-limits=false"), quiet)) {
            for (int i = 0; i < 15; i++) {
                assertEquals(401, postAuth(demo, "com.atproto.server.createInviteCode", "{\"useCount\":1}", wrong)
                        .statusCode());
            }
        }
    }

    /** Two demo instances on one PostgreSQL database: accounts and rate limits are shared. */
    @Test
    void twoInstancesShareOnePostgresDatabase() throws Exception {
        String url = System.getProperty("pdsaccounts.test.postgres.url", "").trim();
        if (url.isEmpty()) {
            org.junit.jupiter.api.Assertions.assertFalse(Boolean.getBoolean("pdsaccounts.test.requirePostgres"),
                    "PostgreSQL is required but not configured");
            org.junit.jupiter.api.Assumptions.abort("PostgreSQL not configured: set -Dpdsaccounts.test.postgres.url");
        }
        String schema = "x_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String dbUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<String> shared = List.of("--dev", "--invite-required=false", "--db-url", dbUrl, "--jwt-secret", SECRET,
                "--plc-rotation-key", KEY, "--admin-password", "pw");
        try (DemoServer a = DemoServer.start(config(shared.toArray(String[]::new)), quiet);
             DemoServer b = DemoServer.start(config(shared.toArray(String[]::new)), quiet)) {
            assertEquals(200, post(a, "com.atproto.server.createAccount",
                    "{\"handle\":\"shared.test\",\"email\":\"shared@mail.test\",\"password\":\"pw-1\"}").statusCode());
            HttpResponse<String> login = post(b, "com.atproto.server.createSession",
                    "{\"identifier\":\"shared.test\",\"password\":\"pw-1\"}");
            assertEquals(200, login.statusCode(), login.body());
            String refresh = Json.mapper().readTree(login.body()).get("refreshJwt").asText();
            HttpResponse<String> refreshed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(a.server().url() + "/xrpc/com.atproto.server.refreshSession"))
                    .header("Authorization", "Bearer " + refresh)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            // One createSession limit (30 per 5 minutes per identifier and IP) across both instances.
            String wrong = "{\"identifier\":\"shared.test\",\"password\":\"wrong\"}";
            for (int i = 1; i < 30; i++) {
                assertEquals(401, post(i % 2 == 0 ? a : b, "com.atproto.server.createSession", wrong).statusCode(),
                        "call " + i);
            }
            HttpResponse<String> limited = post(a, "com.atproto.server.createSession", wrong);
            assertEquals(429, limited.statusCode(), limited.body());
            assertEquals(429, post(b, "com.atproto.server.createSession", wrong).statusCode());
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static HttpResponse<String> postAuth(DemoServer demo, String nsid, String json, String authorization)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(demo.server().url() + "/xrpc/" + nsid))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(DemoServer demo, String nsid, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(demo.server().url() + "/xrpc/" + nsid))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
