package dev.pdsaccounts.mail.smtp;

import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.Mailer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * The {@link Mailer} port over SMTP. {@link #send(Mail)} only puts the mail in a bounded queue and returns, so a
 * use case answers as fast whether the mail server is quick, slow or down (and whether an address has an account
 * or not). One worker thread renders each mail through the {@link MailTemplates} (a multipart/alternative of a
 * plain-text and an HTML body, UTF-8) and delivers it, one connection per mail, in the order sent. A failed
 * attempt is retried after a backoff that doubles each time, up to {@link SmtpConfig#maxAttempts()} attempts; a
 * permanent refusal (a 5xx answer, a bad address, failed authentication) is not retried. Failures are logged
 * through {@link System.Logger} (logger {@code dev.pdsaccounts.mail.smtp.SmtpMailer}) with the mail's id, the
 * recipient's domain and the server's answer, never the token.
 *
 * <pre>{@code
 * SmtpMailer mailer = SmtpMailer.start(SmtpConfig.fromUrl(
 *         "smtp://mailer:secret@smtp.example.com:587?from=noreply%40pds.example.com"));
 * PdsAccounts pds = PdsAccounts.builder()...mailer(mailer)...build();
 * // on shutdown: delivers what is queued, waiting at most SmtpConfig#closeTimeout()
 * mailer.close();
 * }</pre>
 *
 * Thread-safe.
 */
public final class SmtpMailer implements Mailer, AutoCloseable {
    /** The name of the logger the mailer uses unless the builder is given another. */
    public static final String LOGGER_NAME = "dev.pdsaccounts.mail.smtp.SmtpMailer";

    /** Put in the queue by {@link #close()}: the worker stops when it reaches it, after every earlier mail. */
    private static final Object STOP = new Object();

    private final SmtpConfig config;
    private final MailTemplates templates;
    private final Logger logger;
    private final Clock clock;
    private final Session session;
    /** Mails, then {@link #STOP}; one slot more than the capacity so STOP always fits. */
    private final BlockingQueue<Object> queue;
    private final AtomicInteger pending = new AtomicInteger();
    private final Object state = new Object();
    private final Thread worker;
    private boolean closed;

    private SmtpMailer(Builder b) {
        this.config = b.config;
        this.templates = b.templates;
        this.logger = b.logger;
        this.clock = b.clock;
        this.session = Session.getInstance(sessionProperties(config));
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity() + 1);
        this.worker = new Thread(this::work, "pdsaccounts-smtp-mailer");
        this.worker.setDaemon(true);
    }

    /**
     * A running mailer with the {@linkplain MailTemplates#defaults() default templates}.
     *
     * @param config the settings
     * @return the mailer, its worker started
     */
    public static SmtpMailer start(SmtpConfig config) {
        return builder(config).start();
    }

    /**
     * A builder, to replace the templates, the logger or the clock.
     *
     * @param config the settings
     * @return the builder
     */
    public static Builder builder(SmtpConfig config) {
        return new Builder(config);
    }

    /**
     * Queues the mail for delivery and returns at once.
     *
     * @param mail the mail
     * @throws InfrastructureException if the queue is full or the mailer is closed (the message names the mail's
     *                                 id, never its token)
     */
    @Override
    public void send(Mail mail) {
        Objects.requireNonNull(mail, "mail");
        synchronized (state) {
            if (closed) {
                throw new InfrastructureException("SMTP mailer is closed; " + mail.template().id()
                        + " mail not sent");
            }
            // Only send adds mails, under this lock; the worker only removes: the check holds for the offer.
            // Counted before the offer, so the worker never sees the count below the mails it holds.
            pending.incrementAndGet();
            if (queue.size() >= config.queueCapacity() || !queue.offer(mail)) {
                pending.decrementAndGet();
                logger.log(Level.WARNING, "SMTP mail queue is full (" + config.queueCapacity() + " mails); "
                        + mail.template().id() + " mail to a recipient at " + domain(mail.to()) + " refused");
                throw new InfrastructureException("SMTP mail queue is full (" + config.queueCapacity()
                        + " mails waiting); " + mail.template().id() + " mail not sent");
            }
        }
    }

    /**
     * Mails accepted by {@link #send(Mail)} and not yet delivered or given up.
     *
     * @return the number of such mails
     */
    public int pending() {
        return pending.get();
    }

    /** @return the settings */
    public SmtpConfig config() {
        return config;
    }

    /**
     * Refuses new mails, delivers the queued ones and stops the worker, waiting at most
     * {@link SmtpConfig#closeTimeout()}; mails still undelivered then are dropped, and their number logged.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            worker.join(Math.max(1, config.closeTimeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            queue.clear();
            logger.log(Level.WARNING, "SMTP mailer closed after " + config.closeTimeout() + " with "
                    + pending.get() + " mail(s) undelivered");
        }
    }

    private void work() {
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item == STOP) {
                return;
            }
            try {
                deliver((Mail) item);
            } finally {
                pending.decrementAndGet();
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void deliver(Mail mail) {
        String what = mail.template().id() + " mail to a recipient at " + domain(mail.to());
        MimeMessage message;
        try {
            message = message(mail, templates.render(mail));
        } catch (MessagingException | RuntimeException e) {
            logger.log(Level.ERROR, "SMTP " + what + " not sent (permanent failure): the message could not be built: " + reason(e, mail));
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                transmit(message);
                logger.log(Level.DEBUG, () -> "SMTP " + what + " delivered");
                return;
            } catch (MessagingException | RuntimeException e) {
                boolean permanent = permanent(e);
                if (permanent || attempt >= config.maxAttempts()) {
                    logger.log(Level.ERROR, "SMTP " + what + " not delivered after " + attempt + " attempt(s)"
                            + (permanent ? " (permanent failure)" : "") + ": " + reason(e, mail));
                    return;
                }
                Duration wait = config.backoffAfter(attempt);
                logger.log(Level.WARNING, "SMTP " + what + ": attempt " + attempt + " of " + config.maxAttempts()
                        + " failed, next in " + wait.toMillis() + " ms: " + reason(e, mail));
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private MimeMessage message(Mail mail, MailContent content) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(config.from());
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(content.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(content.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private void transmit(MimeMessage message) throws MessagingException {
        try (Transport transport = session.getTransport("smtp")) {
            if (config.username().isPresent()) {
                transport.connect(config.host(), config.port(), config.username().get(),
                        config.password().orElse(""));
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** Failures a retry cannot fix: a 5xx answer, a malformed address, refused credentials. */
    static boolean permanent(Exception e) {
        // MessagingException's getCause() is its "next exception".
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AddressException || t instanceof AuthenticationFailedException) {
                return true;
            }
            int code = -1;
            if (t instanceof SMTPSendFailedException) {
                code = ((SMTPSendFailedException) t).getReturnCode();
            } else if (t instanceof SMTPAddressFailedException) {
                code = ((SMTPAddressFailedException) t).getReturnCode();
            }
            if (code >= 500 && code < 600) {
                return true;
            }
        }
        return false;
    }

    /** The failure in a line: each cause's class and message, with the token and the password blanked out. */
    private String reason(Throwable e, Mail mail) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        // MessagingException's getCause() is its "next exception".
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage().strip().replaceAll("\\s+", " "));
            }
        }
        String s = out.toString();
        s = blank(s, mail.token());
        if (config.password().isPresent()) {
            s = blank(s, config.password().get());
        }
        return s;
    }

    private static String blank(String text, String secret) {
        if (secret.isEmpty()) {
            return text;
        }
        String out = text.replace(secret, "[hidden]");
        String lower = secret.toLowerCase(Locale.ROOT);
        String upper = secret.toUpperCase(Locale.ROOT);
        return out.replace(lower, "[hidden]").replace(upper, "[hidden]");
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "(no domain)" : address.substring(at + 1);
    }

    /** The Jakarta Mail session settings of a configuration (protocol {@code smtp}). */
    static Properties sessionProperties(SmtpConfig config) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", config.host());
        p.setProperty("mail.smtp.port", Integer.toString(config.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(config.ioTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(config.ioTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(config.username().isPresent()));
        switch (config.tlsMode()) {
            case STARTTLS:
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
                break;
            case TLS:
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
                break;
            case NONE:
            default:
                break;
        }
        return p;
    }

    /** Builder of {@link SmtpMailer}; not thread-safe. */
    public static final class Builder {
        private final SmtpConfig config;
        private MailTemplates templates = MailTemplates.defaults();
        private Logger logger = System.getLogger(LOGGER_NAME);
        private Clock clock = Clock.systemUTC();

        private Builder(SmtpConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param templates the wording (default {@link MailTemplates#defaults()})
         * @return this
         */
        public Builder templates(MailTemplates templates) {
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * @param logger where delivery failures go (default {@code System.getLogger(}{@link #LOGGER_NAME}{@code )})
         * @return this
         */
        public Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /**
         * @param clock the source of each mail's Date header (default the system clock)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the mailer, its worker thread started
         */
        public SmtpMailer start() {
            SmtpMailer mailer = new SmtpMailer(this);
            mailer.worker.start();
            return mailer;
        }
    }
}
