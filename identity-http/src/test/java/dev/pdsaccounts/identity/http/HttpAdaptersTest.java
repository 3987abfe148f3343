package dev.pdsaccounts.identity.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.CombinedHandleResolver;
import dev.pdsaccounts.identity.DidDocuments;
import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.Json;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.PlcAuditLog;
import dev.pdsaccounts.identity.PlcDirectoryDidResolver;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.SigningKeyPair;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link HttpDidResolver}, {@link HttpPlcDirectory} and {@link HttpsHandleResolver} against a real local HTTP
 * server: success, not found, errors, timeouts (the server sleeps past the client deadline), oversized and
 * malformed answers. Every failure is typed and arrives within a bound.
 */
class HttpAdaptersTest {
    private static final String DID = "did:plc:abcdefghijklmnopqrstuvwx";
    /** The client deadline of calls that must fail (the server is slower than this on purpose). */
    private static final Duration SHORT = Duration.ofMillis(400);
    /** The client deadline of calls that must succeed: generous, for loaded build machines. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);
    /** Upper bound for any failing call: the client deadline plus generous scheduling slack. */
    private static final long BOUND_MILLIS = 3_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpDidResolver resolver() {
        return resolver(SHORT);
    }

    private HttpDidResolver resolver(Duration timeout) {
        return HttpDidResolver.builder().plcUrl(server.baseUrl()).timeout(timeout).allowHttpForLocalhost(true)
                .build();
    }

    private static String docJson(String did) {
        return "{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"" + did + "\",\"alsoKnownAs\":"
                + "[\"at://alice.example.com\"],\"verificationMethod\":[],\"service\":[]}";
    }

    /** Runs a call that must fail with {@code type}, within the bound. */
    private static <T extends Throwable> T failsFast(Class<T> type, Executable call) {
        long start = System.nanoTime();
        T e = assertThrows(type, call);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < BOUND_MILLIS, "took " + millis + " ms");
        return e;
    }

    private static void unresolvable(String did, Executable call) {
        LexiconException e = assertThrows(LexiconException.class, call);
        assertEquals(LexiconError.UNRESOLVABLE_DID, e.error());
        assertEquals("Could not resolve DID: " + did, e.getMessage());
    }

    private static void unresolvableWithinBound(String did, Executable call) {
        LexiconException e = failsFast(LexiconException.class, call);
        assertEquals(LexiconError.UNRESOLVABLE_DID, e.error());
        assertEquals("Could not resolve DID: " + did, e.getMessage());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- HttpDidResolver

    @Test
    void plcDocumentResolvesAndIsCached() {
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "application/json", docJson(DID)));
        HttpDidResolver resolver = resolver(GENEROUS);
        Map<String, Object> doc = resolver.resolve(DID).orElseThrow();
        assertEquals(DID, doc.get("id"));
        assertEquals(Optional.of("alice.example.com"), DidDocuments.handle(doc));
        assertEquals(1, server.requests.get());
        assertEquals(doc, resolver.resolve(DID).orElseThrow());
        assertEquals(1, server.requests.get(), "second resolution came from the cache");
        resolver.resolveFresh(DID);
        assertEquals(2, server.requests.get(), "resolveFresh bypasses the cache");
        HttpDidResolver uncached = HttpDidResolver.builder().plcUrl(server.baseUrl() + "/").cacheTtl(Duration.ZERO)
                .build();
        uncached.resolve(DID);
        uncached.resolve(DID);
        assertEquals(4, server.requests.get());
    }

    @Test
    void notFoundAndGoneAreEmpty() {
        assertEquals(Optional.empty(), resolver(GENEROUS).resolve(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 410, "application/json", "{\"message\":\"gone\"}"));
        assertEquals(Optional.empty(), resolver(GENEROUS).resolve(DID));
    }

    @Test
    void errorsAndBadContentAreUnresolvable() {
        HttpDidResolver resolver = resolver(GENEROUS);
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 500, "text/plain", "boom"));
        unresolvable(DID, () -> resolver.resolve(DID));
        server.on("/" + DID, ex -> {
            ex.getResponseHeaders().set("Location", "http://127.0.0.1:1/elsewhere");
            LocalHttpServer.send(ex, 302, "text/plain", "");
        });
        unresolvable(DID, () -> resolver.resolve(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "application/json", "{\"id\": \"" + DID + "\",}"));
        unresolvable(DID, () -> resolver.resolve(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "application/json", "[1,2]"));
        unresolvable(DID, () -> resolver.resolve(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "text/html", "<html>hello</html>"));
        unresolvable(DID, () -> resolver.resolve(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "application/json",
                docJson("did:plc:zzzzzzzzzzzzzzzzzzzzzzzz")));
        unresolvable(DID, () -> resolver.resolve(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "application/json",
                new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}));
        unresolvable(DID, () -> resolver.resolve(DID));
    }

    @Test
    void slowServerTimesOutWithinTheBound() {
        server.on("/" + DID, LocalHttpServer.slow(10_000));
        unresolvableWithinBound(DID, () -> resolver().resolve(DID));
    }

    @Test
    void tricklingBodyHitsTheExchangeDeadline() {
        server.on("/" + DID, LocalHttpServer.trickle());
        unresolvableWithinBound(DID, () -> resolver().resolve(DID));
    }

    @Test
    void oversizedBodiesAreRefusedWhileReading() {
        String padded = docJson(DID).replace("\"service\":[]", "\"service\":[],\"pad\":\"" + "x".repeat(70_000) + "\"");
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 200, "application/json", padded));
        unresolvable(DID, () -> resolver(GENEROUS).resolve(DID));
        HttpDidResolver roomy = HttpDidResolver.builder().plcUrl(server.baseUrl()).timeout(GENEROUS)
                .maxBodyBytes(100_000).build();
        assertEquals(DID, roomy.resolve(DID).orElseThrow().get("id"));
        server.on("/" + DID, LocalHttpServer.hugeChunked(50 * 1024 * 1024));
        unresolvable(DID, () -> resolver(GENEROUS).resolve(DID));
    }

    @Test
    void unreachableDirectoryIsUnresolvable() throws IOException {
        HttpDidResolver resolver = HttpDidResolver.builder().plcUrl("http://127.0.0.1:" + closedPort())
                .timeout(SHORT).build();
        unresolvableWithinBound(DID, () -> resolver.resolve(DID));
    }

    @Test
    void didWebResolvesFromTheWellKnownDocument() {
        String did = "did:web:127.0.0.1%3A" + server.port();
        server.on("/.well-known/did.json", ex -> LocalHttpServer.send(ex, 200, "application/json", docJson(did)));
        assertEquals(did, resolver(GENEROUS).resolve(did).orElseThrow().get("id"));
        // Without the localhost option the resolver insists on https, which this plain server cannot speak.
        HttpDidResolver strict = HttpDidResolver.builder().timeout(SHORT).build();
        unresolvableWithinBound(did, () -> strict.resolve(did));
    }

    @Test
    void unsupportedDidsDoNotResolveAndMalformedOnesAreInvalid() {
        HttpDidResolver resolver = resolver();
        assertEquals(Optional.empty(), resolver.resolve("did:web:example.com:user:alice"));
        assertEquals(Optional.empty(), resolver.resolve("did:web:exa_mple.com"));
        assertEquals(Optional.empty(), resolver.resolve("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"));
        assertEquals(Optional.empty(), resolver.resolve("did:plc:tooshort"));
        assertEquals(0, server.requests.get(), "nothing was fetched");
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> resolver.resolve("not-a-did")).error());
        assertThrows(IllegalArgumentException.class, () -> HttpDidResolver.builder().plcUrl("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> HttpDidResolver.builder().timeout(Duration.ZERO));
    }

    // ---------------------------------------------------------------- HttpPlcDirectory

    /** Serves {@code did} from an in-memory directory, as the PLC directory's HTTP API does. */
    private void serveDirectory(InMemoryPlcDirectory plc, String did) {
        server.on("/" + did, ex -> {
            if ("POST".equals(ex.getRequestMethod())) {
                try {
                    plc.submit(did, Json.parseObject(ex.getRequestBody().readAllBytes()));
                    LocalHttpServer.send(ex, 200, "application/json", "");
                } catch (LexiconException e) {
                    LocalHttpServer.send(ex, 400, "application/json", Json.write(Map.of("message", e.getMessage())));
                }
                return;
            }
            Optional<Map<String, Object>> doc = plc.resolveDocument(did);
            if (doc.isPresent()) {
                LocalHttpServer.send(ex, 200, "application/did+ld+json", Json.write(doc.get()));
            } else {
                LocalHttpServer.send(ex, 404, "application/json", "{\"message\":\"DID not registered\"}");
            }
        });
        server.on("/" + did + "/log/last", ex -> LocalHttpServer.send(ex, 200, "application/json",
                Json.write(plc.lastOperation(did).orElseThrow())));
        server.on("/" + did + "/log/audit", ex -> LocalHttpServer.send(ex, 200, "application/json",
                Json.write(plc.auditLog(did))));
    }

    @Test
    void directoryRoundTripOverHttp() {
        SigningKeyPair rotation = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        SigningKeyPair signing = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, RANDOM);
        Map<String, Object> genesis = PlcOperations.sign(PlcOperations.genesisOperation(
                List.of(rotation.publicKey().didKey()), signing.publicKey().didKey(), "alice.example.com",
                "https://pds.example.com"), rotation);
        String did = PlcOperations.didForGenesis(genesis);
        InMemoryPlcDirectory backing = new InMemoryPlcDirectory();
        serveDirectory(backing, did);
        HttpPlcDirectory directory = HttpPlcDirectory.builder().plcUrl(server.baseUrl()).timeout(GENEROUS).build();

        assertEquals(Optional.empty(), directory.resolveDocument(did));
        directory.submit(did, genesis);
        assertEquals(backing.resolveDocument(did), directory.resolveDocument(did));
        assertEquals(genesis, directory.lastOperation(did).orElseThrow());
        List<Map<String, Object>> log = directory.auditLog(did);
        assertEquals(1, log.size());
        PlcAuditLog.validate(log);
        assertEquals(signing.publicKey(), DidDocuments.atprotoSigningKey(
                HttpDidResolver.builder().plcUrl(server.baseUrl()).build().resolve(did).orElseThrow()).orElseThrow());

        // A second genesis for the same DID is refused by the directory: IncompatibleDidDoc with its reason.
        LexiconException refused = assertThrows(LexiconException.class, () -> directory.submit(did, genesis));
        assertEquals(LexiconError.INCOMPATIBLE_DID_DOC, refused.error());
        assertEquals("DID " + did + " already exists", refused.getMessage());
        assertEquals(LexiconError.INVALID_REQUEST,
                assertThrows(LexiconException.class, () -> directory.resolveDocument("did:plc:../../x")).error());
    }

    @Test
    void directoryFailuresAreInfrastructureExceptions() throws IOException {
        HttpPlcDirectory directory = HttpPlcDirectory.builder().plcUrl(server.baseUrl()).timeout(SHORT).build();
        HttpPlcDirectory patient = HttpPlcDirectory.builder().plcUrl(server.baseUrl()).timeout(GENEROUS).build();
        assertEquals(Optional.empty(), patient.lastOperation(DID));
        assertEquals(List.of(), patient.auditLog(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 503, "text/plain", "down"));
        assertThrows(InfrastructureException.class, () -> patient.resolveDocument(DID));
        assertThrows(InfrastructureException.class, () -> patient.submit(DID, Map.of("type", "plc_tombstone")));
        server.on("/" + DID + "/log/audit", ex -> LocalHttpServer.send(ex, 200, "application/json", "{\"a\":1}"));
        assertThrows(InfrastructureException.class, () -> patient.auditLog(DID));
        server.on("/" + DID + "/log/last", ex -> LocalHttpServer.send(ex, 200, "application/json", "{oops"));
        assertThrows(InfrastructureException.class, () -> patient.lastOperation(DID));
        server.on("/" + DID, ex -> LocalHttpServer.send(ex, 400, "text/plain", "nope"));
        LexiconException refused = assertThrows(LexiconException.class,
                () -> patient.submit(DID, Map.of("type", "plc_tombstone")));
        assertEquals(LexiconError.INCOMPATIBLE_DID_DOC, refused.error());
        assertEquals("PLC directory refused the operation (HTTP 400)", refused.getMessage());
        server.on("/" + DID, LocalHttpServer.slow(10_000));
        failsFast(InfrastructureException.class, () -> directory.resolveDocument(DID));
        HttpPlcDirectory unreachable = HttpPlcDirectory.builder().plcUrl("http://127.0.0.1:" + closedPort())
                .timeout(SHORT).build();
        failsFast(InfrastructureException.class, () -> unreachable.auditLog(DID));
    }

    @Test
    void plcDirectoryDidResolverMapsFailuresToUnresolvableDid() {
        HttpPlcDirectory directory = HttpPlcDirectory.builder().plcUrl(server.baseUrl()).timeout(SHORT).build();
        server.on("/" + DID, LocalHttpServer.slow(10_000));
        unresolvableWithinBound(DID, () -> new PlcDirectoryDidResolver(directory).resolve(DID));
        assertEquals(Optional.empty(), new PlcDirectoryDidResolver(directory).resolve("did:web:example.com"));
        Map<String, Object> webDoc = Map.of("id", "did:web:example.com");
        assertEquals(Optional.of(webDoc), new PlcDirectoryDidResolver(directory, d -> Optional.of(webDoc))
                .resolveFresh("did:web:example.com"));
    }

    // ---------------------------------------------------------------- HttpsHandleResolver

    private HttpsHandleResolver handles() {
        return handles(SHORT);
    }

    private HttpsHandleResolver handles(Duration timeout) {
        return HttpsHandleResolver.builder().baseUrl(h -> server.baseUrl()).timeout(timeout).maxBodyBytes(1024)
                .build();
    }

    @Test
    void wellKnownFileResolvesAHandle() {
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, ex -> LocalHttpServer.send(ex, 200, "text/plain",
                "  " + DID + "  \r\nsecond line ignored\n"));
        assertEquals(Optional.of(DID), handles(GENEROUS).resolve("Alice.Example.com"));
    }

    @Test
    void wellKnownFailuresDoNotResolve() {
        HttpsHandleResolver resolver = handles();
        assertEquals(Optional.empty(), resolver.resolve("alice.example.com"), "404");
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, ex -> LocalHttpServer.send(ex, 200, "text/plain", "hello"));
        assertEquals(Optional.empty(), resolver.resolve("alice.example.com"));
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, ex -> LocalHttpServer.send(ex, 200, "text/plain",
                DID + "x".repeat(2000)));
        assertEquals(Optional.empty(), resolver.resolve("alice.example.com"), "oversized");
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, ex -> LocalHttpServer.send(ex, 200, "text/plain",
                new byte[] {(byte) 0xc3}));
        assertEquals(Optional.empty(), resolver.resolve("alice.example.com"), "bad UTF-8");
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, ex -> LocalHttpServer.send(ex, 500, "text/plain", DID));
        assertEquals(Optional.empty(), resolver.resolve("alice.example.com"), "500");
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, LocalHttpServer.slow(10_000));
        long start = System.nanoTime();
        assertEquals(Optional.empty(), resolver.resolve("alice.example.com"), "timeout");
        assertTrue((System.nanoTime() - start) / 1_000_000 < BOUND_MILLIS);
        int before = server.requests.get();
        assertEquals(Optional.empty(), resolver.resolve("not a handle"));
        assertEquals(Optional.empty(), resolver.resolve(null));
        assertEquals(before, server.requests.get());
        assertEquals(Optional.empty(), HttpsHandleResolver.builder().baseUrl(h -> "::bad url::").build()
                .resolve("alice.example.com"));
    }

    @Test
    void combinedResolverTriesInOrderAndSkipsFailures() {
        server.on(HttpsHandleResolver.WELL_KNOWN_PATH, ex -> LocalHttpServer.send(ex, 200, "text/plain", DID));
        HandleResolver dnsMiss = new DnsHandleResolver(name -> List.of());
        HandleResolver dnsHit = new DnsHandleResolver(name -> List.of("did=did:web:dns.example.com"));
        HandleResolver broken = h -> {
            throw new IllegalStateException("boom");
        };
        assertEquals(Optional.of(DID), CombinedHandleResolver.of(dnsMiss, handles(GENEROUS)).resolve("alice.example.com"));
        assertEquals(Optional.of("did:web:dns.example.com"),
                CombinedHandleResolver.of(dnsHit, handles(GENEROUS)).resolve("alice.example.com"));
        assertEquals(Optional.of(DID), CombinedHandleResolver.of(broken, handles(GENEROUS)).resolve("alice.example.com"));
        assertEquals(Optional.empty(), CombinedHandleResolver.of(broken, dnsMiss).resolve("alice.example.com"));
        assertEquals(Optional.empty(), HandleResolver.NONE.resolve("alice.example.com"));
    }
}
