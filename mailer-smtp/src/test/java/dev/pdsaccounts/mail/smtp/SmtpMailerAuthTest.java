package dev.pdsaccounts.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP AUTH against GreenMail with a user: the right password delivers, a wrong one is a permanent failure. */
class SmtpMailerAuthTest {
    private static final String PASSWORD = "s3cret-Pa55";

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@pds.example.com", "mailer", PASSWORD));

    private final CapturingLogger log = new CapturingLogger();

    private SmtpMailer mailer(String password) {
        String url = "smtp://mailer:" + password + "@127.0.0.1:" + GREENMAIL.getSmtp().getPort()
                + "?tls=none&from=noreply%40pds.example.com";
        SmtpConfig config = SmtpConfig.parseUrl(url).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .maxAttempts(4).build();
        return SmtpMailer.builder(config).logger(log).start();
    }

    @Test
    void theConfiguredCredentialsAuthenticate() throws Exception {
        try (SmtpMailer mailer = mailer(PASSWORD)) {
            mailer.send(new Mail(MailTemplate.CONFIRM_EMAIL, "erin@example.com", "ABCDE-FGH23", Optional.empty()));
        }
        assertEquals(1, GREENMAIL.getReceivedMessages().length);
        assertEquals("Email Confirmation", GREENMAIL.getReceivedMessages()[0].getSubject());
        assertTrue(log.at(Level.ERROR).isEmpty(), log.all());
    }

    @Test
    void refusedCredentialsAreLoggedOnceWithoutPasswordOrToken() throws Exception {
        String wrong = "wrong-" + PASSWORD;
        try (SmtpMailer mailer = mailer(wrong)) {
            mailer.send(new Mail(MailTemplate.CONFIRM_EMAIL, "erin@example.com", "ABCDE-FGH23", Optional.empty()));
        }
        assertEquals(0, GREENMAIL.getReceivedMessages().length);
        assertEquals(1, log.at(Level.ERROR).size(), log.all());
        assertTrue(log.at(Level.ERROR).get(0).message().contains("permanent failure"), log.all());
        assertTrue(log.at(Level.WARNING).isEmpty(), "not retried: " + log.all());
        assertFalse(log.all().contains(wrong), log.all());
        assertFalse(log.all().contains("ABCDE-FGH23"), log.all());
    }
}
