package dev.pdsaccounts.mail.smtp;

/** How the connection to the SMTP server is protected. */
public enum TlsMode {
    /** Plain SMTP, no TLS (only for a relay on loopback or a private network); default port 25. */
    NONE(25),
    /** Plain connection upgraded with STARTTLS, which the server must offer (submission); default port 587. */
    STARTTLS(587),
    /** TLS from the first byte (SMTPS, "implicit TLS"); default port 465. */
    TLS(465);

    private final int defaultPort;

    TlsMode(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /**
     * The port used when none is configured.
     *
     * @return 25, 587 or 465
     */
    public int defaultPort() {
        return defaultPort;
    }
}
