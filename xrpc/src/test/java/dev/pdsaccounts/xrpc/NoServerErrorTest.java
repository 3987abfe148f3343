package dev.pdsaccounts.xrpc;

import static dev.pdsaccounts.xrpc.TestServer.admin;
import static dev.pdsaccounts.xrpc.TestServer.bearer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adversarial but well-formed requests to every route, with valid credentials: whatever the library thinks of
 * them, the answer is never a 500. Seeded, so a failure reproduces.
 */
class NoServerErrorTest {
    static final long SEED = 20261123L;
    @AutoClose
    static final TestServer t = TestServer.start();
    static String user;
    static String refresh;

    @BeforeAll
    static void start() {
        JsonNode acct = t.createAccount("fuzzed");
        user = acct.get("accessJwt").asText();
        refresh = acct.get("refreshJwt").asText();
    }

    static List<JsonNode> values() {
        List<JsonNode> v = new ArrayList<>();
        for (String s : List.of("", " ", "a", "\u0000", "did:plc:", "did:plc:abcdefghijklmnopqrstuvwx", "admin",
                "fuzzed.test", "FUZZED.TEST", "fuzzed@mail.test", "x@y", "AAAAA-AAAAA", "com.atproto.server.createAccount",
                "at://did:plc:abc/app.bsky.feed.post/1", "2024-01-01T00:00:00.000Z", "\uD800", "é".repeat(300),
                "a".repeat(5000), "did:web:" + "a".repeat(3000), "recent", "usage", "::", "1::x", "did:key:zQ3s")) {
            v.add(Json.mapper().getNodeFactory().textNode(s));
        }
        for (long n : new long[] {0, -1, 1, 2, 500, 501, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE}) {
            v.add(Json.mapper().getNodeFactory().numberNode(n));
        }
        v.add(Json.mapper().getNodeFactory().numberNode(1.5));
        v.add(Json.mapper().getNodeFactory().booleanNode(true));
        v.add(Json.mapper().getNodeFactory().nullNode());
        ObjectNode obj = Json.object().put("$type", "com.atproto.admin.defs#repoRef")
                .put("did", "did:plc:abcdefghijklmnopqrstuvwx");
        obj.putObject("nested").put("f", 1.25).putArray("a").add(1).add("x");
        v.add(obj);
        v.add(Json.object().put("applied", true).put("ref", "r"));
        v.add(Json.strings(List.of("did:plc:abcdefghijklmnopqrstuvwx", "admin", "")));
        v.add(Json.mapper().createArrayNode());
        return v;
    }

    @Test
    void neverA500() {
        Random rnd = new Random(SEED);
        List<JsonNode> values = values();
        List<String> failures = new ArrayList<>();
        for (String nsid : t.dispatcher.methods()) {
            JsonNode def = t.dispatcher.validator().registry().method(nsid).orElseThrow();
            boolean procedure = "procedure".equals(def.path("type").asText());
            JsonNode schema = procedure ? def.path("input").path("schema") : def.path("parameters");
            List<String> fields = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(fields::add);
            for (int round = 0; round < 8; round++) {
                ObjectNode args = Json.object();
                for (String f : fields) {
                    if (rnd.nextInt(4) != 0) {
                        args.set(f, values.get(rnd.nextInt(values.size())));
                    }
                }
                String auth = List.of(admin(), bearer(user), bearer(refresh)).get(rnd.nextInt(3));
                TestServer.Response r;
                if (procedure) {
                    r = t.post(nsid, def.has("input") ? args : null, auth);
                } else {
                    StringBuilder q = new StringBuilder();
                    for (Map.Entry<String, JsonNode> e : args.properties()) {
                        String text = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
                        q.append(q.length() == 0 ? "" : "&").append(e.getKey()).append('=')
                                .append(java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    r = t.get(nsid, q.length() == 0 ? null : q.toString(), auth);
                }
                if (r.status() >= 500 && r.status() != 501) {
                    failures.add(nsid + " " + args + " -> " + r.status() + " " + r.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), "server errors:\n" + String.join("\n", failures));
    }
}
