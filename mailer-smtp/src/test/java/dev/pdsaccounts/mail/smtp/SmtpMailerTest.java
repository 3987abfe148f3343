package dev.pdsaccounts.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.token.EmailTokenFormat;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SmtpMailer} against a real SMTP server (GreenMail) and against servers that are down or stalled. */
class SmtpMailerTest {
    private static final String FROM = "PDS <noreply@pds.example.com>";
    private static final Duration GUARD = Duration.ofSeconds(20);

    private final SecureRandom random = new SecureRandom();
    private final CapturingLogger log = new CapturingLogger();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private GreenMail greenMail(ServerSetup setup) {
        GreenMail gm = new GreenMail(setup);
        gm.start();
        cleanup.add(gm::stop);
        return gm;
    }

    private GreenMail greenMail() {
        return greenMail(ServerSetupTest.SMTP.dynamicPort());
    }

    private SmtpConfig.Builder config(int port) {
        return SmtpConfig.builder("127.0.0.1", FROM).port(port).tlsMode(TlsMode.NONE)
                .connectTimeout(Duration.ofSeconds(5)).ioTimeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).closeTimeout(Duration.ofSeconds(10));
    }

    private SmtpMailer start(SmtpConfig config) {
        SmtpMailer mailer = SmtpMailer.builder(config).logger(log).start();
        cleanup.add(mailer);
        return mailer;
    }

    private Mail mail(MailTemplate template, String to) {
        return new Mail(template, to, EmailTokenFormat.generate(random), Optional.of("alice.pds.example.com"));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("gave up waiting (a guard, not a measure): " + what);
            }
            Thread.sleep(10);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String part(MimeMessage message, String mimeType) throws Exception {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        assertTrue(multipart.getContentType().toLowerCase(Locale.ROOT).startsWith("multipart/alternative"),
                multipart.getContentType());
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart p = multipart.getBodyPart(i);
            if (p.isMimeType(mimeType)) {
                assertTrue(p.getContentType().toLowerCase(Locale.ROOT).contains("charset=utf-8"), p.getContentType());
                return (String) p.getContent();
            }
        }
        return fail("no " + mimeType + " part");
    }

    private void assertNoTokenLogged(Mail... mails) {
        String all = log.all();
        for (Mail m : mails) {
            assertFalse(all.contains(m.token()), "token in the log:\n" + all);
            assertFalse(all.toLowerCase(Locale.ROOT).contains(m.token().toLowerCase(Locale.ROOT)), all);
            assertFalse(all.contains(m.token().replace("-", "")), all);
        }
    }

    @Test
    void everyTemplateIsDeliveredWithItsSubjectBothBodiesAndItsRecipient() throws Exception {
        GreenMail gm = greenMail();
        SmtpMailer mailer = start(config(gm.getSmtp().getPort()).build());
        Map<String, String> subjects = Map.of(
                "resetPassword", "Password Reset Requested",
                "deleteAccount", "Account Deletion Requested",
                "confirmEmail", "Email Confirmation",
                "updateEmail", "Email Update Requested",
                "plcOperation", "PLC Update Operation Requested",
                "signInCode", "Sign-in code",
                "adminEmail", "Message via your PDS");
        Map<String, Mail> sent = new HashMap<>();
        for (MailTemplate t : MailTemplate.values()) {
            Mail m = mail(t, t.id().toLowerCase(Locale.ROOT) + "@example.com");
            if (t == MailTemplate.ADMIN_EMAIL) { // no token: its content is checked where the token is
                m = new Mail(t, m.to(), m.token(), m.handle(), Optional.empty(), Optional.of(m.token()));
            }
            mailer.send(m);
            sent.put(m.to(), m);
        }
        assertTrue(gm.waitForIncomingEmail(GUARD.toMillis(), sent.size()));
        MimeMessage[] received = gm.getReceivedMessages();
        assertEquals(sent.size(), received.length);
        for (MimeMessage r : received) {
            String to = ((InternetAddress) r.getRecipients(Message.RecipientType.TO)[0]).getAddress();
            assertEquals(1, r.getAllRecipients().length);
            Mail m = sent.remove(to);
            assertEquals(subjects.get(m.template().id()), r.getSubject(), to);
            assertEquals(new InternetAddress(FROM), r.getFrom()[0]);
            String text = part(r, "text/plain");
            String html = part(r, "text/html");
            assertTrue(text.contains(m.token()), text);
            assertTrue(html.contains(m.token()), html);
            assertTrue(html.contains("<html>"), html);
            // The handle greets in the reset and sign-in code mails only.
            boolean greets = m.template() == MailTemplate.RESET_PASSWORD || m.template() == MailTemplate.SIGN_IN_CODE;
            assertEquals(greets, text.contains("alice.pds.example.com"), text);
            assertEquals(greets, html.contains("alice.pds.example.com"), html);
        }
        assertTrue(sent.isEmpty(), "not received: " + sent.keySet());
        await(() -> mailer.pending() == 0, "pending back to 0");
        assertNoTokenLogged();
        assertTrue(log.at(Level.WARNING).isEmpty() && log.at(Level.ERROR).isEmpty(), log.all());
    }

    @Test
    void theDateHeaderComesFromTheClockAndTheSubjectMayBeUnicode() throws Exception {
        GreenMail gm = greenMail();
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        SmtpMailer mailer = SmtpMailer.builder(config(gm.getSmtp().getPort()).build()).logger(log)
                .clock(Clock.fixed(at, ZoneOffset.UTC))
                .templates(MailTemplates.pattern("Zurücksetzen — {handle}", "Code {token}", "<p>Code {token}</p>"))
                .start();
        cleanup.add(mailer);
        Mail m = mail(MailTemplate.RESET_PASSWORD, "bob@example.com");
        mailer.send(m);
        assertTrue(gm.waitForIncomingEmail(GUARD.toMillis(), 1));
        MimeMessage r = gm.getReceivedMessages()[0];
        assertEquals(at, r.getSentDate().toInstant());
        assertEquals("Zurücksetzen — alice.pds.example.com", r.getSubject());
        assertEquals("Code " + m.token(), part(r, "text/plain"));
    }

    @Test
    void sendReturnsWhileTheServerHasNotEvenGreetedAndRendersNothingOnTheCallersThread() throws Exception {
        StallingServer stalled = new StallingServer();
        cleanup.add(stalled);
        Set<String> renderThreads = ConcurrentHashMap.newKeySet();
        MailTemplates templates = mail -> {
            renderThreads.add(Thread.currentThread().getName());
            return MailTemplates.defaults().render(mail);
        };
        SmtpMailer mailer = SmtpMailer.builder(config(stalled.port()).ioTimeout(Duration.ofSeconds(30))
                .closeTimeout(Duration.ofMillis(50)).build()).logger(log).templates(templates).start();
        cleanup.add(mailer);
        mailer.send(mail(MailTemplate.CONFIRM_EMAIL, "a@example.com"));
        assertTrue(stalled.awaitConnection(), "the worker connected");
        // The worker now waits for a greeting that never comes; sending more still returns at once.
        assertTimeoutPreemptively(GUARD, () -> {
            for (int i = 0; i < 5; i++) {
                mailer.send(mail(MailTemplate.CONFIRM_EMAIL, "b" + i + "@example.com"));
            }
        });
        assertEquals(6, mailer.pending());
        assertEquals(Set.of("pdsaccounts-smtp-mailer"), renderThreads);
        assertNotEquals("pdsaccounts-smtp-mailer", Thread.currentThread().getName());
    }

    @Test
    void aFullQueueIsAnInfrastructureExceptionWithoutTheToken() throws Exception {
        StallingServer stalled = new StallingServer();
        cleanup.add(stalled);
        SmtpMailer mailer = start(config(stalled.port()).queueCapacity(2).ioTimeout(Duration.ofSeconds(30))
                .closeTimeout(Duration.ofMillis(50)).build());
        mailer.send(mail(MailTemplate.DELETE_ACCOUNT, "a@example.com"));
        assertTrue(stalled.awaitConnection(), "the worker took the first mail");
        mailer.send(mail(MailTemplate.DELETE_ACCOUNT, "b@example.com"));
        mailer.send(mail(MailTemplate.DELETE_ACCOUNT, "c@example.com"));
        Mail refused = mail(MailTemplate.DELETE_ACCOUNT, "d@example.com");
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> mailer.send(refused));
        assertTrue(e.getMessage().contains("queue is full"), e.getMessage());
        assertTrue(e.getMessage().contains("deleteAccount"), e.getMessage());
        assertFalse(e.getMessage().contains(refused.token()), e.getMessage());
        assertEquals(3, mailer.pending());
        assertEquals(1, log.at(Level.WARNING).size(), log.all());
        assertNoTokenLogged(refused);
    }

    @Test
    void retriesWithBackoffWhileTheServerIsDownThenDeliversWhenItIsUp() throws Exception {
        int port = freePort();
        SmtpMailer mailer = start(config(port).maxAttempts(1_000).build());
        Mail m = mail(MailTemplate.UPDATE_EMAIL, "carol@example.com");
        mailer.send(m);
        await(() -> log.at(Level.WARNING).size() >= 2, "two failed attempts");
        assertEquals(1, mailer.pending());
        GreenMail gm = greenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        assertTrue(gm.waitForIncomingEmail(GUARD.toMillis(), 1));
        MimeMessage r = gm.getReceivedMessages()[0];
        assertEquals("Email Update Requested", r.getSubject());
        assertTrue(part(r, "text/plain").contains(m.token()));
        await(() -> mailer.pending() == 0, "delivered");
        List<CapturingLogger.Entry> warnings = log.at(Level.WARNING);
        assertTrue(warnings.get(0).message().contains("attempt 1 of 1000 failed, next in 20 ms"), log.all());
        assertTrue(warnings.get(1).message().contains("attempt 2 of 1000 failed, next in 40 ms"), log.all());
        assertTrue(log.at(Level.ERROR).isEmpty(), log.all());
        assertNoTokenLogged(m);
    }

    @Test
    void aMailThatCannotBeDeliveredIsLoggedWithoutItsTokenAfterTheLastAttempt() throws Exception {
        SmtpMailer mailer = start(config(freePort()).maxAttempts(3).build());
        Mail m = mail(MailTemplate.RESET_PASSWORD, "dave@example.com");
        mailer.send(m);
        await(() -> mailer.pending() == 0, "given up");
        assertEquals(2, log.at(Level.WARNING).size(), log.all());
        List<CapturingLogger.Entry> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), log.all());
        String error = errors.get(0).message();
        assertTrue(error.contains("resetPassword mail to a recipient at example.com not delivered after 3 attempt(s)"),
                error);
        assertTrue(error.contains("Connect"), "names the failure: " + error);
        assertNoTokenLogged(m);
        assertFalse(log.all().contains("dave@"), "no recipient address, only its domain");
    }

    @Test
    void aMalformedRecipientIsLoggedOnceAndNotRetried() throws Exception {
        GreenMail gm = greenMail();
        SmtpMailer mailer = start(config(gm.getSmtp().getPort()).maxAttempts(5).build());
        Mail bad = new Mail(MailTemplate.CONFIRM_EMAIL, "not-an-address", EmailTokenFormat.generate(random),
                Optional.empty());
        mailer.send(bad);
        Mail good = mail(MailTemplate.CONFIRM_EMAIL, "frank@example.com");
        mailer.send(good);
        assertTrue(gm.waitForIncomingEmail(GUARD.toMillis(), 1), "the next mail is delivered");
        await(() -> mailer.pending() == 0, "done");
        assertEquals(1, gm.getReceivedMessages().length);
        assertEquals(0, log.at(Level.WARNING).size(), log.all());
        assertEquals(1, log.at(Level.ERROR).size(), log.all());
        assertTrue(log.at(Level.ERROR).get(0).message().contains("permanent failure"), log.all());
        assertNoTokenLogged(bad, good);
    }

    @Test
    void fiveHundredAnswersAreFinalAndFourHundredAnswersAreRetried() throws Exception {
        InternetAddress to = new InternetAddress("x@example.com");
        assertTrue(SmtpMailer.permanent(new MessagingException("send failed",
                new SMTPAddressFailedException(to, "RCPT TO", 550, "550 no such user"))));
        assertTrue(SmtpMailer.permanent(new SMTPSendFailedException("DATA", 554, "554 rejected", null, null,
                new Address[] {to}, null)));
        assertTrue(SmtpMailer.permanent(new AuthenticationFailedException("535 bad credentials")));
        assertFalse(SmtpMailer.permanent(new MessagingException("send failed",
                new SMTPAddressFailedException(to, "RCPT TO", 451, "451 try again later"))));
        assertFalse(SmtpMailer.permanent(new SMTPSendFailedException("DATA", 421, "421 closing", null, null,
                new Address[] {to}, null)));
        assertFalse(SmtpMailer.permanent(new MessagingException("Could not connect", new IOException("refused"))));
    }

    @Test
    void closeDeliversEveryQueuedMailBeforeReturningThenRefusesMore() throws Exception {
        GreenMail gm = greenMail();
        SmtpMailer mailer = start(config(gm.getSmtp().getPort()).build());
        for (int i = 0; i < 20; i++) {
            mailer.send(mail(MailTemplate.PLC_OPERATION, "user" + i + "@example.com"));
        }
        mailer.close();
        assertEquals(20, gm.getReceivedMessages().length, "every queued mail delivered when close returns");
        assertEquals(0, mailer.pending());
        Mail late = mail(MailTemplate.PLC_OPERATION, "late@example.com");
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> mailer.send(late));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(e.getMessage().contains(late.token()));
        mailer.close(); // again: nothing happens
    }

    @Test
    void closeGivesUpAfterItsTimeoutAndLogsHowManyMailsWereDropped() throws Exception {
        StallingServer stalled = new StallingServer();
        cleanup.add(stalled);
        SmtpMailer mailer = start(config(stalled.port()).ioTimeout(Duration.ofSeconds(30))
                .closeTimeout(Duration.ofMillis(100)).build());
        List<Mail> mails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mail m = mail(MailTemplate.CONFIRM_EMAIL, "e" + i + "@example.com");
            mails.add(m);
            mailer.send(m);
        }
        assertTrue(stalled.awaitConnection());
        assertTimeoutPreemptively(GUARD, mailer::close);
        List<CapturingLogger.Entry> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), log.all());
        assertTrue(warnings.get(0).message().contains("with 3 mail(s) undelivered"), log.all());
        assertThrows(InfrastructureException.class, () -> mailer.send(mails.get(0)));
        assertNoTokenLogged(mails.toArray(new Mail[0]));
    }
}
