package dev.pdsaccounts.xrpc;

import dev.pdsaccounts.identity.http.HttpDidResolver;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.function.Function;

/**
 * The demo server's settings, from command-line flags and environment variables (a flag wins over its variable).
 * {@link #USAGE} documents every setting and its default. {@link #toString()} shows no secret.
 *
 * @param port             {@code --port} / {@code PDS_PORT}, default 2583
 * @param bind             {@code --bind} / {@code PDS_BIND_ADDRESS}, default {@code 127.0.0.1}
 * @param hostname         {@code --hostname} / {@code PDS_HOSTNAME}, default {@code localhost} (handles {@code *.test})
 * @param dataDirectory    {@code --data} / {@code PDS_DATA_DIRECTORY}, default {@code ./data}
 * @param adminPassword    {@code --admin-password} / {@code PDS_ADMIN_PASSWORD}
 * @param jwtSecret        {@code --jwt-secret} / {@code PDS_JWT_SECRET} (at least 32 bytes)
 * @param plcRotationKey   {@code --plc-rotation-key} / {@code PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX}
 * @param plcUrl           {@code --plc-url} / {@code PDS_DID_PLC_URL}, default {@code https://plc.directory} (not
 *                         used with {@code --dev})
 * @param inviteRequired   {@code --invite-required[=false]} / {@code PDS_INVITE_REQUIRED}, default true
 * @param dev              {@code --dev} / {@code PDS_DEV}: generate missing secrets, in-memory PLC, mail outbox
 * @param help             {@code --help}
 * @param dbUrl            {@code --db-url} / {@code PDS_DB_URL}: a PostgreSQL JDBC URL; accounts and rate limits then
 *                         live in that database (several instances may share it); default: the SQLite file
 * @param rateLimits       {@code --rate-limits[=false]} / {@code PDS_RATE_LIMITS_ENABLED}, default true
 * @param rateLimitBypassKey {@code --rate-limit-bypass-key} / {@code PDS_RATE_LIMIT_BYPASS_KEY}: sent in
 *                         {@code x-ratelimit-bypass}, skips the limits
 * @param rateLimitBypassIps {@code --rate-limit-bypass-ips} / {@code PDS_RATE_LIMIT_BYPASS_IPS}, comma-separated
 * @param trustedProxies   {@code --trusted-proxies} / {@code PDS_TRUSTED_PROXIES}, comma-separated IPs whose
 *                         {@code X-Forwarded-For} is believed
 * @param smtpUrl          {@code --smtp-url} / {@code PDS_EMAIL_SMTP_URL}: deliver mail over SMTP
 *                         ({@code smtp://user:pass@host:port?tls=starttls&from=...}); default none (kept in memory)
 */
public record DemoConfig(int port, String bind, String hostname, Path dataDirectory, Optional<String> adminPassword,
                         Optional<String> jwtSecret, Optional<String> plcRotationKey, String plcUrl,
                         boolean inviteRequired,
                         boolean dev, boolean help, Optional<String> dbUrl, boolean rateLimits,
                         Optional<String> rateLimitBypassKey, Set<String> rateLimitBypassIps,
                         Set<String> trustedProxies, Optional<String> smtpUrl) {

    /** The help text. */
    public static final String USAGE = String.join("\n",
            "pdsaccounts demo server: the account XRPC methods over an embedded store.",
            "",
            "Usage: java -jar pdsaccounts-xrpc-demo.jar [options]",
            "",
            "Options (each also read from its environment variable; a flag wins):",
            "  --port N                 PDS_PORT                   port to listen on (default 2583)",
            "  --bind ADDRESS           PDS_BIND_ADDRESS           address to listen on (default 127.0.0.1)",
            "  --hostname HOST          PDS_HOSTNAME               public host name (default localhost: handles end",
            "                                                      in .test and the public URL is http://localhost:<port>)",
            "  --data DIR               PDS_DATA_DIRECTORY         data directory (default ./data; the database is",
            "                                                      DIR/pdsaccounts.sqlite)",
            "  --admin-password PW      PDS_ADMIN_PASSWORD         password of Basic admin:<PW> (required unless --dev)",
            "  --jwt-secret SECRET      PDS_JWT_SECRET             HS256 session secret, at least 32 bytes",
            "                                                      (required unless --dev)",
            "  --plc-rotation-key HEX   PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX",
            "                                                      secp256k1 PLC rotation key, 64 hex characters",
            "                                                      (required unless --dev)",
            "  --plc-url URL            PDS_DID_PLC_URL            PLC directory (default https://plc.directory;",
            "                                                      --dev uses an in-memory one instead)",
            "  --invite-required[=B]    PDS_INVITE_REQUIRED        whether sign-up needs an invite (default true)",
            "  --smtp-url URL           PDS_EMAIL_SMTP_URL         deliver mail over SMTP, e.g. smtp://user:pass@host:587",
            "                                                      ?tls=starttls&from=noreply%40example.com (tls: none,",
            "                                                      starttls, tls; smtps:// is tls); default: mail is",
            "                                                      kept in memory only",
            "  --dev                    PDS_DEV=true               development mode: generates missing secrets (and",
            "                                                      says so), uses an in-memory PLC directory, and",
            "                                                      serves sent mail at GET /dev/outbox[?to=ADDRESS]",
            "  --db-url URL             PDS_DB_URL                 PostgreSQL JDBC URL (jdbc:postgresql://...): accounts",
            "                                                      and rate limits live there, so several instances",
            "                                                      can share it (default: the SQLite file)",
            "  --rate-limits[=B]        PDS_RATE_LIMITS_ENABLED    the reference's rate limits (default true)",
            "  --rate-limit-bypass-key K PDS_RATE_LIMIT_BYPASS_KEY requests with header x-ratelimit-bypass: K are",
            "                                                      not limited",
            "  --rate-limit-bypass-ips IPS PDS_RATE_LIMIT_BYPASS_IPS comma-separated client IPs never limited",
            "  --trusted-proxies IPS    PDS_TRUSTED_PROXIES        comma-separated proxy IPs whose X-Forwarded-For",
            "                                                      names the client (default none: the socket peer)",
            "  --help                                              this text");

    /**
     * Parses flags over the environment.
     *
     * @param args the command line
     * @param env  the environment (e.g. {@code System::getenv})
     * @return the settings
     * @throws IllegalArgumentException naming the bad flag or value
     */
    public static DemoConfig parse(List<String> args, Function<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "dev":
                case "help":
                case "invite-required":
                case "rate-limits":
                    flags.put(name, value == null ? "true" : value);
                    break;
                case "port":
                case "bind":
                case "hostname":
                case "data":
                case "admin-password":
                case "jwt-secret":
                case "plc-rotation-key":
                case "plc-url":
                case "db-url":
                case "rate-limit-bypass-key":
                case "rate-limit-bypass-ips":
                case "trusted-proxies":
                case "smtp-url":
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    flags.put(name, value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
        }
        Function<String[], Optional<String>> read = keys -> {
            String v = flags.get(keys[0]);
            if (v == null) {
                v = env.apply(keys[1]);
            }
            return Optional.ofNullable(v).filter(s -> !s.isEmpty());
        };
        int port;
        String portText = read.apply(new String[] {"port", "PDS_PORT"}).orElse("2583");
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number: " + portText);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        return new DemoConfig(
                port,
                read.apply(new String[] {"bind", "PDS_BIND_ADDRESS"}).orElse("127.0.0.1"),
                read.apply(new String[] {"hostname", "PDS_HOSTNAME"}).orElse("localhost").toLowerCase(Locale.ROOT),
                Path.of(read.apply(new String[] {"data", "PDS_DATA_DIRECTORY"}).orElse("./data")),
                read.apply(new String[] {"admin-password", "PDS_ADMIN_PASSWORD"}),
                read.apply(new String[] {"jwt-secret", "PDS_JWT_SECRET"}),
                read.apply(new String[] {"plc-rotation-key", "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX"}),
                read.apply(new String[] {"plc-url", "PDS_DID_PLC_URL"}).orElse(HttpDidResolver.DEFAULT_PLC_URL),
                bool("invite-required", read.apply(new String[] {"invite-required", "PDS_INVITE_REQUIRED"}), true),
                bool("dev", read.apply(new String[] {"dev", "PDS_DEV"}), false),
                bool("help", Optional.ofNullable(flags.get("help")), false),
                read.apply(new String[] {"db-url", "PDS_DB_URL"}),
                bool("rate-limits", read.apply(new String[] {"rate-limits", "PDS_RATE_LIMITS_ENABLED"}), true),
                read.apply(new String[] {"rate-limit-bypass-key", "PDS_RATE_LIMIT_BYPASS_KEY"}),
                list(read.apply(new String[] {"rate-limit-bypass-ips", "PDS_RATE_LIMIT_BYPASS_IPS"})),
                list(read.apply(new String[] {"trusted-proxies", "PDS_TRUSTED_PROXIES"})),
                read.apply(new String[] {"smtp-url", "PDS_EMAIL_SMTP_URL"}));
    }

    private static Set<String> list(Optional<String> value) {
        Set<String> out = new LinkedHashSet<>();
        value.ifPresent(v -> {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        });
        return Collections.unmodifiableSet(out);
    }

    private static boolean bool(String name, Optional<String> value, boolean dflt) {
        if (value.isEmpty()) {
            return dflt;
        }
        switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
            case "yes":
                return true;
            case "false":
            case "0":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException(name + " must be true or false");
        }
    }

    /** {@return the SQLite database file} */
    public Path databaseFile() {
        return dataDirectory.resolve("pdsaccounts.sqlite");
    }

    @Override
    public String toString() {
        return "DemoConfig[port=" + port + ", bind=" + bind + ", hostname=" + hostname + ", data=" + dataDirectory
                + ", plcUrl=" + plcUrl
                + ", inviteRequired=" + inviteRequired + ", dev=" + dev
                + ", db=" + (dbUrl.isPresent() ? "PostgreSQL (URL hidden)" : "SQLite")
                + ", rateLimits=" + rateLimits + ", bypassIps=" + rateLimitBypassIps
                + ", trustedProxies=" + trustedProxies
                + ", smtp=" + (smtpUrl.isPresent() ? "set" : "none") + ", secrets hidden]";
    }
}
