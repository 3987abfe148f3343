package dev.pdsaccounts.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's {@code --smtp-url}: mail goes to a real SMTP server (GreenMail) and stays in the dev outbox. */
class DemoSmtpTest {
    @TempDir
    Path dir;

    @Test
    void theSmtpUrlComesFromTheFlagOrTheEnvironmentAndIsNeverShown() {
        String url = "smtp://u:hunter2secret@127.0.0.1:2525?tls=none&from=a%40b.c";
        DemoConfig flag = DemoConfig.parse(List.of("--smtp-url", url), Map.of("PDS_EMAIL_SMTP_URL", "smtp://x")::get);
        assertEquals(Optional.of(url), flag.smtpUrl());
        assertFalse(flag.toString().contains("hunter2secret"), flag.toString());
        assertEquals(Optional.of(url), DemoConfig.parse(List.of(), Map.of("PDS_EMAIL_SMTP_URL", url)::get).smtpUrl());
        assertEquals(Optional.empty(), DemoConfig.parse(List.of(), Map.<String, String>of()::get).smtpUrl());
        assertTrue(DemoConfig.USAGE.contains("--smtp-url"));
    }

    @Test
    void theDemoDeliversOverSmtpAndKeepsTheOutbox() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        try {
            String url = "smtp://127.0.0.1:" + greenMail.getSmtp().getPort() + "?tls=none&from=pds%40example.com";
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DemoConfig cfg = DemoConfig.parse(List.of("--port", "0", "--data", dir.toString(), "--dev",
                    "--smtp-url", url), Map.<String, String>of()::get);
            try (DemoServer demo = DemoServer.start(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
                assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("delivered over SMTP"));
                demo.pds().mailer().send(new Mail(MailTemplate.CONFIRM_EMAIL, "alice@example.com", "ABCDE-FGH23",
                        Optional.empty()));
                assertTrue(greenMail.waitForIncomingEmail(20_000, 1));
                assertEquals("Email Confirmation", greenMail.getReceivedMessages()[0].getSubject());
                assertEquals(1, demo.mailer().mailsTo("alice@example.com").size(), "the dev outbox has it too");
            }
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void aBadSmtpUrlStopsTheStartWithAConfigurationError() {
        DemoConfig cfg = DemoConfig.parse(List.of("--port", "0", "--data", dir.toString(), "--dev",
                "--smtp-url", "smtp://u:hunter2secret@host"), Map.<String, String>of()::get);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DemoServer.start(cfg, out));
        assertFalse(e.getMessage().contains("hunter2secret"), e.getMessage());
    }
}
