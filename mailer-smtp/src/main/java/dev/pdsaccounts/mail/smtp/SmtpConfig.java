package dev.pdsaccounts.mail.smtp;

import dev.pdsaccounts.error.ConfigurationException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of an {@link SmtpMailer}. Build it with {@link #builder(String, String)} or from a URL with
 * {@link #fromUrl(String)}; every setting but the host and the sender address has a named, documented default.
 * {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * SmtpConfig config = SmtpConfig.builder("smtp.example.com", "PDS <noreply@pds.example.com>")
 *         .tlsMode(TlsMode.STARTTLS)                 // the default; port 587 unless set
 *         .credentials("mailer", password)
 *         .build();
 * }</pre>
 *
 * <p>The URL form is {@code smtp://user:pass@host:port?tls=starttls&from=noreply%40pds.example.com}:
 * <ul>
 *   <li>scheme {@code smtp} (TLS mode {@link TlsMode#STARTTLS} unless {@code tls} says otherwise) or
 *       {@code smtps} ({@link TlsMode#TLS});</li>
 *   <li>user and password optional, percent-encoded (a {@code @} in a password is {@code %40});</li>
 *   <li>port optional: the TLS mode's {@link TlsMode#defaultPort() default port};</li>
 *   <li>query {@code tls=none|starttls|tls} and {@code from=<address>} (percent-encoded; required here or later
 *       through the builder that {@link #parseUrl(String)} returns). Other parameters are refused.</li>
 * </ul>
 */
public final class SmtpConfig {
    /** Default TLS mode: {@link TlsMode#STARTTLS}, required (the server must offer it). */
    public static final TlsMode DEFAULT_TLS_MODE = TlsMode.STARTTLS;
    /** Default time to open the connection: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time one read or write on the connection may take: 30 seconds. */
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of mails waiting for delivery before {@code send} refuses more: 1000. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    /** Default delivery attempts per mail, the first included: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default wait before the second attempt: 2 seconds; it doubles after each failed attempt. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(2);
    /** Default longest wait between two attempts: 1 minute. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    /** Default time {@link SmtpMailer#close()} waits for queued mails to be delivered: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final TlsMode tlsMode;
    private final Optional<String> username;
    private final Optional<String> password;
    private final InternetAddress from;
    private final Duration connectTimeout;
    private final Duration ioTimeout;
    private final int queueCapacity;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration closeTimeout;

    private SmtpConfig(Builder b) {
        if (b.host == null || b.host.isBlank()) {
            throw new ConfigurationException("SMTP host is not set");
        }
        if (b.from == null || b.from.isBlank()) {
            throw new ConfigurationException("SMTP sender (from) address is not set");
        }
        this.host = b.host.trim();
        this.tlsMode = b.tlsMode;
        this.port = b.port != 0 ? b.port : b.tlsMode.defaultPort();
        this.username = b.username;
        this.password = b.password;
        try {
            this.from = new InternetAddress(b.from.trim(), true);
        } catch (AddressException e) {
            throw new ConfigurationException("SMTP sender (from) address is not a valid address: " + b.from.trim());
        }
        this.connectTimeout = b.connectTimeout;
        this.ioTimeout = b.ioTimeout;
        this.queueCapacity = b.queueCapacity;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        if (b.maxBackoff.compareTo(b.initialBackoff) < 0) {
            throw new ConfigurationException("SMTP maxBackoff must not be shorter than initialBackoff");
        }
        this.maxBackoff = b.maxBackoff;
        this.closeTimeout = b.closeTimeout;
    }

    /**
     * A builder with every default.
     *
     * @param host the SMTP server's host name or address
     * @param from the sender, an address optionally with a name ({@code PDS <noreply@pds.example.com>})
     * @return the builder
     */
    public static Builder builder(String host, String from) {
        return new Builder().host(host).from(from);
    }

    /**
     * The settings an SMTP URL gives (see the class comment), the rest at their defaults.
     *
     * @param url e.g. {@code smtp://user:pass@smtp.example.com:587?tls=starttls&from=noreply%40pds.example.com}
     * @return the settings
     * @throws ConfigurationException if the URL is malformed, names an unknown parameter or lacks host or from
     *                                (the message never contains the password)
     */
    public static SmtpConfig fromUrl(String url) {
        return parseUrl(url).build();
    }

    /**
     * A builder preset from an SMTP URL (see the class comment), to adjust what the URL does not carry.
     *
     * @param url e.g. {@code smtps://user:pass@smtp.example.com?from=noreply%40pds.example.com}
     * @return the builder
     * @throws ConfigurationException if the URL is malformed or names an unknown parameter (the message never
     *                                contains the password)
     */
    public static Builder parseUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // The exception's text repeats the URL, password included: neither it nor the cause is kept.
            throw new ConfigurationException("SMTP URL is malformed (percent-encode special characters in the "
                    + "user and password)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Builder b = new Builder();
        switch (scheme) {
            case "smtp":
                b.tlsMode(TlsMode.STARTTLS);
                break;
            case "smtps":
                b.tlsMode(TlsMode.TLS);
                break;
            default:
                throw new ConfigurationException("SMTP URL must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null) {
            throw new ConfigurationException("SMTP URL has no host (percent-encode special characters in the user "
                    + "and password)");
        }
        b.host(uri.getHost());
        if (uri.getPort() != -1) {
            b.port(uri.getPort());
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath())) {
            throw new ConfigurationException("SMTP URL must have no path");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), false, "user");
            String pass = colon < 0 ? "" : decode(userInfo.substring(colon + 1), false, "password");
            b.credentials(user, pass);
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "parameter name");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, name);
                switch (name) {
                    case "tls":
                        b.tlsMode(tlsMode(value));
                        break;
                    case "from":
                        b.from(value);
                        break;
                    default:
                        throw new ConfigurationException("SMTP URL parameter " + name
                                + " is unknown (known: tls, from)");
                }
            }
        }
        return b;
    }

    private static TlsMode tlsMode(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return TlsMode.NONE;
            case "starttls":
                return TlsMode.STARTTLS;
            case "tls":
            case "ssl":
                return TlsMode.TLS;
            default:
                throw new ConfigurationException("SMTP URL parameter tls must be none, starttls or tls: " + value);
        }
    }

    /** Percent-decoding; in the user part a '+' is itself, in the query it is a space (form encoding). */
    private static String decode(String raw, boolean form, String what) {
        try {
            return URLDecoder.decode(form ? raw : raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("SMTP URL has a bad percent-encoding in the " + what);
        }
    }

    /** @return the server's host name or address */
    public String host() {
        return host;
    }

    /** @return the server's port (the TLS mode's default port unless set) */
    public int port() {
        return port;
    }

    /** @return how the connection is protected */
    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** @return the user to authenticate as; empty: no authentication */
    public Optional<String> username() {
        return username;
    }

    /** @return the password, present iff {@link #username()} is */
    public Optional<String> password() {
        return password;
    }

    /** @return the sender address (with its name, if any) */
    public InternetAddress from() {
        return (InternetAddress) from.clone();
    }

    /** @return the longest time to open a connection */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the longest time one read or write on the connection may take */
    public Duration ioTimeout() {
        return ioTimeout;
    }

    /** @return how many mails may wait for delivery */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** @return delivery attempts per mail, the first included */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the wait before the second attempt */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the longest wait between two attempts */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return how long {@link SmtpMailer#close()} waits for queued mails */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * The wait after failed attempt number {@code attempt}: {@link #initialBackoff()} doubled
     * {@code attempt - 1} times, at most {@link #maxBackoff()}.
     *
     * @param attempt the failed attempt, from 1
     * @return the wait before the next attempt
     */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    @Override
    public String toString() {
        return "SmtpConfig[" + tlsMode + " " + host + ":" + port + ", from=" + from
                + ", user=" + username.orElse("(none)") + (password.isPresent() ? ", password hidden" : "")
                + ", connectTimeout=" + connectTimeout + ", ioTimeout=" + ioTimeout
                + ", queueCapacity=" + queueCapacity + ", maxAttempts=" + maxAttempts
                + ", backoff=" + initialBackoff + ".." + maxBackoff + ", closeTimeout=" + closeTimeout + "]";
    }

    /** Builder of {@link SmtpConfig}; not thread-safe. */
    public static final class Builder {
        private String host;
        private int port;
        private TlsMode tlsMode = DEFAULT_TLS_MODE;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private String from;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration ioTimeout = DEFAULT_IO_TIMEOUT;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {
        }

        /**
         * @param host the server's host name or address
         * @return this
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port 1..65535; 0 means the TLS mode's default port
         * @return this
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new ConfigurationException("SMTP port must be within 1..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param tlsMode how the connection is protected (default {@link #DEFAULT_TLS_MODE})
         * @return this
         */
        public Builder tlsMode(TlsMode tlsMode) {
            this.tlsMode = Objects.requireNonNull(tlsMode, "tlsMode");
            return this;
        }

        /**
         * Authenticate (SMTP AUTH) as this user.
         *
         * @param username the user
         * @param password its password
         * @return this
         */
        public Builder credentials(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty()) {
                throw new ConfigurationException("SMTP user must not be empty");
            }
            this.username = Optional.of(username);
            this.password = Optional.of(password);
            return this;
        }

        /**
         * Do not authenticate (the default).
         *
         * @return this
         */
        public Builder noCredentials() {
            this.username = Optional.empty();
            this.password = Optional.empty();
            return this;
        }

        /**
         * @param from the sender, an address optionally with a name ({@code PDS <noreply@pds.example.com>})
         * @return this
         */
        public Builder from(String from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        /**
         * @param timeout the longest time to open a connection (default {@link #DEFAULT_CONNECT_TIMEOUT})
         * @return this
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * @param timeout the longest time one read or write may take (default {@link #DEFAULT_IO_TIMEOUT})
         * @return this
         */
        public Builder ioTimeout(Duration timeout) {
            this.ioTimeout = positive(timeout, "ioTimeout");
            return this;
        }

        /**
         * @param capacity how many mails may wait for delivery (default {@link #DEFAULT_QUEUE_CAPACITY})
         * @return this
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new ConfigurationException("SMTP queueCapacity must be positive: " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * @param attempts delivery attempts per mail, the first included (default {@link #DEFAULT_MAX_ATTEMPTS})
         * @return this
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new ConfigurationException("SMTP maxAttempts must be positive: " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * The waits between attempts: {@code initial}, doubling after each failure, at most {@code max}.
         *
         * @param initial the wait before the second attempt (default {@link #DEFAULT_INITIAL_BACKOFF})
         * @param max     the longest wait (default {@link #DEFAULT_MAX_BACKOFF})
         * @return this
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initialBackoff");
            this.maxBackoff = positive(max, "maxBackoff");
            return this;
        }

        /**
         * @param timeout how long {@link SmtpMailer#close()} waits for queued mails (default
         *                {@link #DEFAULT_CLOSE_TIMEOUT})
         * @return this
         */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "closeTimeout");
            if (timeout.isNegative()) {
                throw new ConfigurationException("SMTP closeTimeout must not be negative");
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * @return the settings
         * @throws ConfigurationException if host or from is missing or from is not an address
         */
        public SmtpConfig build() {
            return new SmtpConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigurationException("SMTP " + name + " must be positive");
            }
            return d;
        }
    }
}
