package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.identity.http.HandleResolvers;
import dev.pdsaccounts.identity.http.HttpDidResolver;
import dev.pdsaccounts.identity.http.HttpPlcDirectory;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.mail.smtp.SmtpConfig;
import dev.pdsaccounts.mail.smtp.SmtpMailer;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.sqlite.SqliteAccountStore;
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
    private final AccountStore store;
    private final PdsAccounts pds;
    private final RecordingMailer mailer;

    private DemoServer(XrpcServer server, AccountStore store, PdsAccounts pds, RecordingMailer mailer) {
        this.server = server;
        this.store = store;
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
        // Bound how long one request may take to arrive and to be answered (the JDK server's own knobs).
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "30");
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

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
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
        SqliteAccountStore store = SqliteAccountStore.open(cfg.databaseFile());
        String storeSource = "SQLite file " + cfg.databaseFile();
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
            store.close();
            throw e;
        }
        String plcSource;
        if (cfg.dev()) {
            pdsBuilder.developmentDoubles(); // the explicit opt-in: an in-memory PLC directory
            plcSource = "in memory (dev mode: DIDs are not published)";
        } else {
            pdsBuilder.plcDirectory(HttpPlcDirectory.builder().plcUrl(cfg.plcUrl()).build())
                    .didResolver(HttpDidResolver.builder().plcUrl(cfg.plcUrl()).build())
                    .handleResolver(HandleResolvers.standard());
            plcSource = cfg.plcUrl();
        }
        PdsAccounts pds = pdsBuilder.build();
        XrpcServer.Builder builder = XrpcServer.builder(pds)
                .adminPassword(adminPassword)
                .address(new InetSocketAddress(cfg.bind(), cfg.port()));
        if (cfg.dev()) {
            builder.handler(DevOutbox.PATH, new DevOutbox(mailer));
        }
        XrpcServer server;
        try {
            server = builder.build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        server.start();
        DemoServer demo = new DemoServer(server, store, pds, mailer);
        String invite = pds.invites().createInviteCode(1, Optional.empty());

        out.println("pdsaccounts demo listening on " + server.url() + (cfg.dev() ? "  [dev mode]" : ""));
        out.println("  hostname:         " + pds.config().hostname() + " (handles end in "
                + String.join(", ", pds.config().serviceHandleDomains()) + "; invites "
                + (pds.config().inviteRequired() ? "required" : "optional") + ")");
        out.println("  store:            " + storeSource);
        out.println("  admin password:   " + adminSource + " (Basic admin:<password>)");
        out.println("  JWT secret:       " + jwtSource);
        out.println("  PLC rotation key: " + keySource);
        out.println("  PLC directory:    " + plcSource);
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

    /** The running server. */
    public XrpcServer server() {
        return server;
    }

    /** The account domain behind it. */
    public PdsAccounts pds() {
        return pds;
    }

    /** The mails sent so far. */
    public RecordingMailer mailer() {
        return mailer;
    }

    /** Stops the server, then closes the store. */
    @Override
    public void close() {
        server.close();
        if (store instanceof AutoCloseable) {
            try {
                ((AutoCloseable) store).close();
            } catch (Exception e) {
                System.err.println("could not close the store: " + e);
            }
        }
    }
}
