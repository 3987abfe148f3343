package dev.pdsaccounts.benchmarks;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceScryptHasher;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.xrpc.XrpcDispatcher;
import dev.pdsaccounts.xrpc.XrpcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * Load driver over HTTP: the XRPC demo server ({@link XrpcServer}, JDK HttpServer, 16 request threads) in
 * process on a loopback port, driven by {@link HttpClient}s. Per hasher ({@code --http-hasher}; Argon2id v1
 * and the reference PDS's scrypt): {@code com.atproto.server.createAccount} and {@code createSession}
 * latency with one client and throughput with 2 clients per core; and createAccount with a precomputed hash,
 * which leaves HTTP, JSON, lexicon validation and the use case. The server turns TCP_NODELAY on; the
 * 1-client figures are taken again in a child JVM that turns it off ({@value #NODELAY} false), to show what
 * Nagle's algorithm costs a JDK HttpServer.
 */
final class HttpBench implements Bench {
    static final String NAME = "http";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "XRPC over HTTP: createAccount and createSession latency and throughput per hasher (--http-hasher)";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        StoreTarget target = ctx.httpStore().equals("memory") ? StoreTarget.memory()
                : StoreTarget.all(ctx, NAME, true).stream().filter(t -> t.name().equals(ctx.httpStore()))
                        .findFirst().orElse(null);
        if (target == null) {
            ctx.table().skipped(NAME, ctx.httpStore(), "store not reachable");
            return;
        }
        Profile p = ctx.profile();
        HttpClient client = client();
        for (String hasher : ctx.httpHashers()) {
            ctx.progress("http " + label(hasher) + ": 1 client latency, then " + 2 * Machine.cores() + " clients");
            singleClient(p, target, client, hasher, ctx.table(), "");
            throughput(p, target, client, hasher, ctx.table());
        }
        ctx.progress("http: createAccount with a precomputed hash, 1 client");
        precomputed(p, target, client, ctx.table(), "");
        ctx.progress("http: the same in a child JVM with -D" + NODELAY + "=false");
        Map<String, String> rows = Child.run(List.of("-D" + NODELAY + "=false"), "http", p.name());
        for (Map.Entry<String, String> e : new TreeMap<>(rows).entrySet()) {
            int bar = e.getValue().indexOf('|');
            ctx.table().info(NAME, e.getValue().substring(0, bar), e.getValue().substring(bar + 1));
        }
        ctx.table().note(NAME + ": store " + target.name() + " (child: memory); the server and the clients share the"
                + " machine's " + Machine.cores() + " cores; connections are kept alive (HTTP/1.1). The JDK HttpServer"
                + " leaves Nagle's algorithm on unless -D" + NODELAY + "=true, which XrpcServer sets: with Nagle on,"
                + " a response written in two segments waits for the client's delayed ACK (about 40 ms on Linux), as"
                + " the rows marked 'Nagle on' (a child JVM with -D" + NODELAY + "=false) show.");
    }

    /** The JDK HttpServer's switch for TCP_NODELAY on accepted connections (read once per JVM). */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    /**
     * Child side (run with TCP_NODELAY off): the 1-client rows with a precomputed hash (and, in the long profile,
     * argon2), as RESULT lines.
     */
    static void child(String[] args) throws Exception {
        Profile p = Profile.named(args[0]);
        ResultTable table = new ResultTable();
        HttpClient client = client();
        String suffix = ", Nagle on";
        if (p == Profile.LONG) {
            singleClient(p, StoreTarget.memory(), client, "argon2", table, suffix);
        }
        precomputed(p, StoreTarget.memory(), client, table, suffix);
        List<ResultTable.Row> rows = table.rows();
        for (int i = 0; i < rows.size(); i++) {
            Child.result("row" + i, rows.get(i).metric() + "|" + rows.get(i).value());
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "http-client");
                    t.setDaemon(true);
                    return t;
                }))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static PasswordHasher hasher(String name) {
        switch (name) {
            case "argon2":
                return Fixtures.argon2v1();
            case "scrypt":
                return new ReferenceScryptHasher();
            default:
                throw new IllegalArgumentException("unknown --http-hasher " + name + " (argon2 or scrypt)");
        }
    }

    private static String label(String hasher) {
        return hasher.equals("argon2") ? "argon2id v1" : "reference scrypt";
    }

    private static String loginBody(CreateAccountInput in) {
        return "{\"identifier\":\"" + in.handle() + "\",\"password\":\"" + in.password() + "\"}";
    }

    private static void singleClient(Profile p, StoreTarget target, HttpClient client, String hasherName,
                                     ResultTable table, String suffix) throws Exception {
        String label = label(hasherName);
        AccountStore store = target.openEmpty();
        try (XrpcServer server = XrpcServer.builder(XrpcDispatcher.builder(Fixtures.pds(store, hasher(hasherName))).build()).port(0).build()) {
            server.start();
            String base = server.url();
            CreateAccountInput known = Fixtures.freshInput();
            post(client, base, CREATE_ACCOUNT, createAccountBody(known));
            String login = loginBody(known);
            for (int i = 0; i < p.warmupSamples(); i++) {
                post(client, base, CREATE_ACCOUNT, createAccountBody(Fixtures.freshInput()));
                post(client, base, CREATE_SESSION, login);
            }
            Latencies create = new Latencies();
            Latencies session = new Latencies();
            for (int i = 0; i < p.latencySamples(); i++) {
                String body = createAccountBody(Fixtures.freshInput());
                long t0 = System.nanoTime();
                post(client, base, CREATE_ACCOUNT, body);
                long t1 = System.nanoTime();
                post(client, base, CREATE_SESSION, login);
                long t2 = System.nanoTime();
                create.add(t1 - t0);
                session.add(t2 - t1);
            }
            table.info(NAME, label + ": createAccount, 1 client" + suffix + ", p50/p90/p99", create.summaryMillis());
            table.info(NAME, label + ": createSession, 1 client" + suffix + ", p50/p90/p99", session.summaryMillis());
        } finally {
            target.close(store);
        }
    }

    private static void throughput(Profile p, StoreTarget target, HttpClient client, String hasherName,
                                   ResultTable table) throws Exception {
        int clients = 2 * Machine.cores();
        String label = label(hasherName);
        AccountStore store = target.openEmpty();
        try (XrpcServer server = XrpcServer.builder(XrpcDispatcher.builder(Fixtures.pds(store, hasher(hasherName))).build()).port(0).build()) {
            server.start();
            String base = server.url();
            CreateAccountInput known = Fixtures.freshInput();
            post(client, base, CREATE_ACCOUNT, createAccountBody(known));
            String login = loginBody(known);
            Load.Outcome c = Load.run(clients, p.warmupSeconds(), p.throughputSeconds(), (t, n) ->
                    post(client, base, CREATE_ACCOUNT, createAccountBody(Fixtures.freshInput())));
            table.info(NAME, label + ": createAccount/s, " + clients + " clients (p50/p99 " + Format.millis(
                    c.latencies().percentileMillis(50)) + "/" + Format.millis(c.latencies().percentileMillis(99))
                    + " ms)", Format.rate(c.perSecond()) + "/s");
            Load.Outcome s = Load.run(clients, p.warmupSeconds(), p.throughputSeconds(), (t, n) ->
                    post(client, base, CREATE_SESSION, login));
            table.info(NAME, label + ": createSession/s, " + clients + " clients (p50/p99 " + Format.millis(
                    s.latencies().percentileMillis(50)) + "/" + Format.millis(s.latencies().percentileMillis(99))
                    + " ms)", Format.rate(s.perSecond()) + "/s");
        } finally {
            target.close(store);
        }
    }

    private static void precomputed(Profile p, StoreTarget target, HttpClient client, ResultTable table,
                                    String suffix) throws Exception {
        AccountStore store = target.openEmpty();
        PdsAccounts pds = Fixtures.pds(store, new Fixtures.PrecomputedHasher(Fixtures.argon2v1()));
        try (XrpcServer server = XrpcServer.builder(XrpcDispatcher.builder(pds).build()).port(0).build()) {
            server.start();
            String base = server.url();
            Latencies lat = Load.sequential(p.warmupSeconds(), p.cheapLatencySamples() / 2, (t, n) ->
                    post(client, base, CREATE_ACCOUNT, createAccountBody(Fixtures.freshInput())));
            table.info(NAME, "createAccount, hash precomputed, 1 client" + suffix + ", p50/p90/p99",
                    lat.summaryMillis());
        } finally {
            target.close(store);
        }
    }

    private static final String CREATE_ACCOUNT = "com.atproto.server.createAccount";
    private static final String CREATE_SESSION = "com.atproto.server.createSession";

    static String createAccountBody(CreateAccountInput in) {
        return "{\"handle\":\"" + in.handle() + "\",\"email\":\"" + in.email() + "\",\"password\":\"" + in.password()
                + "\"}";
    }

    static void post(HttpClient client, String base, String nsid, String json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/xrpc/" + nsid))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(nsid + " answered " + res.statusCode() + ": " + res.body());
        }
    }

    /** The hashers {@code --http-hasher} accepts. */
    static final List<String> HASHERS = List.of("argon2", "scrypt");
}
