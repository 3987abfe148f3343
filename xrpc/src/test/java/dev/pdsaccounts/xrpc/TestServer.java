package dev.pdsaccounts.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import dev.pdsaccounts.testkit.TestPds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An {@link XrpcDispatcher} over a {@link TestPds} (in-memory store, cheap hasher, mutable clock, recording
 * mailer), served on an ephemeral port by the {@link Transport#current() current transport}, with a small JDK
 * {@link HttpClient} to call it.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "test-admin-password";

    final TestPds pds;
    final XrpcDispatcher dispatcher;
    final Transport.Running server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(TestPds pds, XrpcDispatcher dispatcher, Transport.Running server) {
        this.pds = pds;
        this.dispatcher = dispatcher;
        this.server = server;
    }

    static TestServer start() {
        return start(b -> b);
    }

    static TestServer start(UnaryOperator<PdsConfig.Builder> config) {
        TestPds pds = TestPds.over(new InMemoryAccountStore(), config);
        return start(pds, XrpcDispatcher.builder(pds.pds()));
    }

    static TestServer start(TestPds pds, XrpcDispatcher.Builder builder) {
        XrpcDispatcher dispatcher = builder.adminPassword(ADMIN_PASSWORD).build();
        return new TestServer(pds, dispatcher, Transport.current().start(dispatcher));
    }

    static TestServer withRoutes(List<Route> routes) {
        TestPds pds = TestPds.over(new InMemoryAccountStore());
        return start(pds, XrpcDispatcher.builder(pds.pds()).routes(routes));
    }

    @Override
    public void close() {
        server.close();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    static String bearer(String jwt) {
        return "Bearer " + jwt;
    }

    /** GET /xrpc/nsid?query with an optional Authorization header. */
    Response get(String nsid, String query, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(nsid, query)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    Response get(String nsid) {
        return get(nsid, null, null);
    }

    /** POST /xrpc/nsid with a JSON body (null for none). */
    Response post(String nsid, JsonNode body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(nsid, null));
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    Response post(String nsid, JsonNode body) {
        return post(nsid, body, null);
    }

    /** POST with a raw body and content type (null for no header). */
    Response postRaw(String nsid, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(nsid, null))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // A pooled keep-alive connection the server had just closed (e.g. after a request whose body it
                // refused unread) fails before any response byte; a client sends again on a new connection.
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            // A container's own error page (HTML) reads as no body: the status still tells.
            JsonNode body = r.body().length == 0 || !json ? null : Json.mapper().readTree(r.body());
            return new Response(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Sends raw bytes over a socket and returns what came back (ISO-8859-1), for requests HttpClient refuses. */
    String raw(String request) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    URI uri(String nsid, String query) {
        return URI.create(server.url() + "/xrpc/" + nsid + (query == null ? "" : "?" + query));
    }

    /** Checks an output against its lexicon (the server does too; this makes the test say so). */
    void assertValidOutput(String nsid, Response r) {
        assertEquals(200, r.status(), () -> "status of " + nsid + ": " + r.body());
        try {
            dispatcher.validator().validateOutput(nsid, r.body());
        } catch (RuntimeException e) {
            fail(nsid + " output does not match its lexicon: " + e.getMessage());
        }
    }

    /** Creates an account over HTTP with a fresh admin invite; returns the createAccount output. */
    JsonNode createAccount(String name) {
        ObjectNode in = Json.object().put("handle", name + ".test").put("email", name + "@mail.test")
                .put("password", TestPds.PASSWORD).put("inviteCode", pds.inviteCode());
        Response r = post("com.atproto.server.createAccount", in);
        assertEquals(200, r.status(), () -> "createAccount: " + r.body());
        return r.body();
    }

    /** An HTTP answer. */
    record Response(int status, JsonNode body, HttpResponse<byte[]> raw) {
        String error() {
            return body == null ? null : body.path("error").asText(null);
        }

        String message() {
            return body == null ? null : body.path("message").asText(null);
        }

        /** Asserts an XRPC error answer. */
        Response assertError(int expectedStatus, String expectedError) {
            assertEquals(expectedStatus, status, () -> "status; body " + body);
            assertEquals(expectedError, error(), () -> "error; body " + body);
            return this;
        }

        Response assertError(int expectedStatus, String expectedError, String expectedMessage) {
            assertError(expectedStatus, expectedError);
            assertEquals(expectedMessage, message(), () -> "message; body " + body);
            return this;
        }
    }
}
