package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.identity.http.HandleResolvers;
import dev.pdsaccounts.identity.http.HttpDidResolver;
import dev.pdsaccounts.identity.http.HttpPlcDirectory;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.mail.smtp.SmtpConfig;
import dev.pdsaccounts.mail.smtp.SmtpMailer;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.ratelimit.InMemoryRateLimiter;
import dev.pdsaccounts.ratelimit.RateLimiter;
import dev.pdsaccounts.store.jdbc.Dialect;
import dev.pdsaccounts.store.jdbc.JdbcAccountStore;
import dev.pdsaccounts.store.jdbc.JdbcRateLimiter;
import dev.pdsaccounts.store.sqlite.SqliteAccountStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The runnable demo: the account XRPC methods on {@code 127.0.0.1:2583} over the embedded SQLite store
 * ({@code <data>/pdsaccounts.sqlite}). Settings come from
 * flags and environment variables ({@link DemoConfig#USAGE}); {@code --dev} generates missing secrets (and says
 * so), uses an in-memory PLC directory and serves sent mail at {@code GET /dev/outbox}. On start it prints its URL,
 * where the admin password comes from and a fresh single-use admin invite code; Ctrl-C closes the server and the
 * store.
 *
 * <pre>
 * mvn -B -ntp -pl xrpc -am package -DskipTests
 * java -jar xrpc/target/pdsaccounts-xrpc-demo.jar --dev
 * </pre>
 */
public final class DemoServer implements AutoCloseable {
    private final XrpcServer server;
    private final Storage storage;
    private final PdsAccounts pds;
    private final RecordingMailer mailer;

    private DemoServer(XrpcServer server, Storage storage, PdsAccounts pds, RecordingMailer mailer) {
        this.server = server;
        this.storage = storage;
        this.pds = pds;
        this.mailer = mailer;
    }

    /**
     * Runs the demo until the process is stopped.
     *
     * @param args flags, see {@link DemoConfig#USAGE}
     */
    public static void main(String[] args) {
        DemoConfig cfg;
        try {
            cfg = DemoConfig.parse(List.of(args), System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cfg.help()) {
            System.out.println(DemoConfig.USAGE);
            return;
        }
        DemoServer demo;
        try {
            demo = start(cfg, System.out);
        } catch (IllegalArgumentException | IllegalStateException | ConfigurationException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping");
            demo.close();
        }, "pdsaccounts-demo-shutdown"));
    }

    /**
     * Builds and starts the demo, printing what it is doing to {@code out}.
     *
     * @param cfg the settings
     * @param out where to print the start-up report
     * @return the running demo
     * @throws IllegalArgumentException for a missing setting
     * @throws ConfigurationException for an unusable secret (too short, not hex), naming the setting
     */
    public static DemoServer start(DemoConfig cfg, PrintStream out) {
        SecureRandom random = new SecureRandom();
        PdsSecrets.Builder secrets = PdsSecrets.builder();
        String jwtSource;
        if (cfg.jwtSecret().isPresent()) {
            secrets.jwtSecret(cfg.jwtSecret().get());
            jwtSource = "from --jwt-secret / PDS_JWT_SECRET";
        } else if (cfg.dev()) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            secrets.jwtSecret(secret);
            jwtSource = "GENERATED (dev mode): sessions end with this process";
        } else {
            throw new IllegalArgumentException("a JWT secret of at least 32 bytes is required: --jwt-secret or "
                    + "PDS_JWT_SECRET (or run with --dev)");
        }
        String keySource;
        if (cfg.plcRotationKey().isPresent()) {
            secrets.plcRotationKeyHex(cfg.plcRotationKey().get());
            keySource = "from --plc-rotation-key / PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX";
        } else if (cfg.dev()) {
            secrets.plcRotationKey(SigningKeyPair.generate(KeyAlgorithm.SECP256K1, random));
            keySource = "GENERATED (dev mode)";
        } else {
            throw new IllegalArgumentException("a PLC rotation key is required: --plc-rotation-key or "
                    + "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX (64 hex characters; or run with --dev)");
        }
        String adminPassword;
        String adminSource;
        if (cfg.adminPassword().isPresent()) {
            adminPassword = cfg.adminPassword().get();
            adminSource = "from --admin-password / PDS_ADMIN_PASSWORD";
        } else if (cfg.dev()) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            adminPassword = HexFormat.of().formatHex(bytes);
            Path file = cfg.dataDirectory().resolve("dev-admin-password");
            writePrivate(file, adminPassword);
            adminSource = "GENERATED (dev mode), written to " + file;
        } else {
            throw new IllegalArgumentException("an admin password is required: --admin-password or "
                    + "PDS_ADMIN_PASSWORD (or run with --dev)");
        }

        PdsConfig.Builder config = PdsConfig.builder(cfg.hostname()).inviteRequired(cfg.inviteRequired());
        if ("localhost".equals(cfg.hostname())) {
            config.publicUrl("http://localhost:" + cfg.port());
        }
        createDirectories(cfg.dataDirectory());
        Storage storage = Storage.open(cfg);
        AccountStore store = storage.store();
        String storeSource = storage.description();
        RecordingMailer mailer = new RecordingMailer();
        PdsAccounts.OptionalStage pdsBuilder;
        try {
            pdsBuilder = PdsAccounts.builder()
                    .config(config.build())
                    .secrets(secrets.build())
                    .store(store)
                    .random(random)
                    .mailer(cfg.smtpUrl().isEmpty() ? mailer : alsoOverSmtp(mailer, cfg.smtpUrl().get()));
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        String plcSource;
        InMemoryPlcDirectory devPlc = null;
        if (cfg.dev()) {
            devPlc = new InMemoryPlcDirectory();
            pdsBuilder.developmentDoubles().plcDirectory(devPlc); // the explicit opt-in: an in-memory PLC directory
            plcSource = "in memory (dev mode: DIDs are not published)";
        } else {
            pdsBuilder.plcDirectory(HttpPlcDirectory.builder().plcUrl(cfg.plcUrl()).build())
                    .didResolver(HttpDidResolver.builder().plcUrl(cfg.plcUrl()).build())
                    .handleResolver(HandleResolvers.standard());
            plcSource = cfg.plcUrl();
        }
        PdsAccounts pds = pdsBuilder.build();
        XrpcServer server;
        try {
            XrpcDispatcher dispatcher = XrpcDispatcher.builder(pds)
                    .adminPassword(adminPassword)
                    .rateLimiter(storage.limiter())
                    .rateLimitBypassKey(cfg.rateLimitBypassKey().orElse(null))
                    .rateLimitBypassIps(cfg.rateLimitBypassIps())
                    .trustedProxies(cfg.trustedProxies())
                    .build();
            XrpcServer.Builder builder = XrpcServer.builder(dispatcher)
                    .address(new InetSocketAddress(cfg.bind(), cfg.port()));
            if (cfg.dev()) {
                builder.endpoint(DevOutbox.PATH, new DevOutbox(mailer));
                builder.endpoint(DevPlcDirectory.PATH, new DevPlcDirectory(devPlc));
            }
            server = builder.build();
            server.start();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        DemoServer demo = new DemoServer(server, storage, pds, mailer);
        String invite = pds.invites().createInviteCode(1, Optional.empty());

        out.println("pdsaccounts demo listening on " + server.url() + (cfg.dev() ? "  [dev mode]" : ""));
        out.println("  hostname:         " + pds.config().hostname() + " (handles end in "
                + String.join(", ", pds.config().serviceHandleDomains()) + "; invites "
                + (pds.config().inviteRequired() ? "required" : "optional") + ")");
        out.println("  store:            " + storeSource);
        out.println("  rate limits:      " + (cfg.rateLimits() ? "on (" + storage.limiterDescription() + ")"
                : "OFF (--rate-limits=false)"));
        out.println("  admin password:   " + adminSource + " (Basic admin:<password>)");
        out.println("  JWT secret:       " + jwtSource);
        out.println("  PLC rotation key: " + keySource);
        out.println("  PLC directory:    " + plcSource
                + (cfg.dev() ? "; plc.directory's read API at " + server.url() + DevPlcDirectory.PATH : ""));
        out.println("  mail:             " + (cfg.smtpUrl().isPresent() ? "delivered over SMTP, also " : "")
                + "kept in memory" + (cfg.smtpUrl().isPresent() ? "" : ", not delivered")
                + (cfg.dev() ? "; read it at GET " + server.url() + DevOutbox.PATH + "[?to=ADDRESS]" : ""));
        out.println("  admin invite code (1 use): " + invite);
        out.println("Press Ctrl-C to stop.");
        out.flush();
        return demo;
    }

    /**
     * The demo's mailer with {@code --smtp-url}: every mail kept in memory (the dev outbox) and queued for SMTP
     * delivery; the SMTP mailer delivers what is queued when the JVM stops.
     */
    private static Mailer alsoOverSmtp(RecordingMailer recording, String smtpUrl) {
        SmtpMailer smtp = SmtpMailer.start(SmtpConfig.fromUrl(smtpUrl));
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::close, "pdsaccounts-demo-smtp-close"));
        return mail -> {
            recording.send(mail);
            smtp.send(mail);
        };
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    private static void writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@return the running server} */
    public XrpcServer server() {
        return server;
    }

    /** {@return the account domain behind it} */
    public PdsAccounts pds() {
        return pds;
    }

    /** {@return the recording mailer holding the mails sent so far} */
    public RecordingMailer mailer() {
        return mailer;
    }

    /** Stops the server, then closes the store (and its connection pool). */
    @Override
    public void close() {
        server.close();
        storage.close();
    }

    /**
     * Where accounts and rate limits live: the SQLite file with in-process limits (one instance), or a PostgreSQL
     * database with the limits in its {@code rate_limit} table (any number of instances).
     */
    private record Storage(AccountStore store, RateLimiter limiter, String description, String limiterDescription,
                           List<AutoCloseable> resources) {
        static Storage open(DemoConfig cfg) {
            Clock clock = Clock.systemUTC();
            if (cfg.dbUrl().isEmpty()) {
                SqliteAccountStore store = SqliteAccountStore.open(cfg.databaseFile());
                return new Storage(store, cfg.rateLimits() ? InMemoryRateLimiter.withDefaults(clock) : RateLimiter.NONE,
                        "SQLite file " + cfg.databaseFile(), "in memory, this process", List.of(store));
            }
            String url = cfg.dbUrl().get();
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
            }
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(url);
            pool.setMaximumPoolSize(16);
            pool.setPoolName("pdsaccounts");
            HikariDataSource dataSource;
            try {
                dataSource = new HikariDataSource(pool);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot connect to the database of --db-url: " + e.getMessage());
            }
            try {
                Dialect dialect = Dialect.postgres();
                AccountStore store = JdbcAccountStore.create(dataSource, dialect);
                RateLimiter limiter = cfg.rateLimits()
                        ? JdbcRateLimiter.create(dataSource, dialect, clock) : RateLimiter.NONE;
                return new Storage(store, limiter, "PostgreSQL " + hostOf(url) + " (shared by every instance on it)",
                        "in the database, shared by every instance", List.of(dataSource));
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
        }

        /** The URL up to its query (which may hold a password). */
        private static String hostOf(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }

        void close() {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("could not close the store: " + e);
                }
            }
        }
    }
}
