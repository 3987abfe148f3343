package dev.pdsaccounts.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.error.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpConfigTest {

    @Test
    void theBuilderHasTheDocumentedDefaults() {
        SmtpConfig c = SmtpConfig.builder("smtp.example.com", "noreply@pds.example.com").build();
        assertEquals("smtp.example.com", c.host());
        assertEquals(TlsMode.STARTTLS, c.tlsMode());
        assertEquals(587, c.port());
        assertEquals(Optional.empty(), c.username());
        assertEquals(Optional.empty(), c.password());
        assertEquals("noreply@pds.example.com", c.from().getAddress());
        assertEquals(SmtpConfig.DEFAULT_CONNECT_TIMEOUT, c.connectTimeout());
        assertEquals(SmtpConfig.DEFAULT_IO_TIMEOUT, c.ioTimeout());
        assertEquals(SmtpConfig.DEFAULT_QUEUE_CAPACITY, c.queueCapacity());
        assertEquals(SmtpConfig.DEFAULT_MAX_ATTEMPTS, c.maxAttempts());
        assertEquals(SmtpConfig.DEFAULT_INITIAL_BACKOFF, c.initialBackoff());
        assertEquals(SmtpConfig.DEFAULT_MAX_BACKOFF, c.maxBackoff());
        assertEquals(SmtpConfig.DEFAULT_CLOSE_TIMEOUT, c.closeTimeout());
        assertEquals(25, SmtpConfig.builder("h", "a@b.c").tlsMode(TlsMode.NONE).build().port());
        assertEquals(465, SmtpConfig.builder("h", "a@b.c").tlsMode(TlsMode.TLS).build().port());
        assertEquals(2525, SmtpConfig.builder("h", "a@b.c").tlsMode(TlsMode.TLS).port(2525).build().port());
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        SmtpConfig c = SmtpConfig.builder("h", "a@b.c").backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
        assertEquals(Duration.ofSeconds(1), c.backoffAfter(1));
        assertEquals(Duration.ofSeconds(2), c.backoffAfter(2));
        assertEquals(Duration.ofSeconds(4), c.backoffAfter(3));
        assertEquals(Duration.ofSeconds(5), c.backoffAfter(4));
        assertEquals(Duration.ofSeconds(5), c.backoffAfter(60));
        assertThrows(ConfigurationException.class,
                () -> SmtpConfig.builder("h", "a@b.c").backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
    }

    @Test
    void aUrlGivesEverySetting() {
        SmtpConfig c = SmtpConfig.fromUrl(
                "smtp://mail%2Buser:p%40ss+w%3Ard@smtp.example.com:2525?tls=none&from=PDS+%3Cnoreply%40pds.example.com%3E");
        assertEquals("smtp.example.com", c.host());
        assertEquals(2525, c.port());
        assertEquals(TlsMode.NONE, c.tlsMode());
        assertEquals(Optional.of("mail+user"), c.username());
        assertEquals(Optional.of("p@ss+w:rd"), c.password());
        assertEquals("noreply@pds.example.com", c.from().getAddress());
        assertEquals("PDS", c.from().getPersonal());
    }

    @Test
    void theSchemeAndTlsParameterChooseTheTlsModeAndItsPort() {
        SmtpConfig plain = SmtpConfig.fromUrl("smtp://smtp.example.com?from=a%40b.c");
        assertEquals(TlsMode.STARTTLS, plain.tlsMode());
        assertEquals(587, plain.port());
        assertEquals(Optional.empty(), plain.username());
        SmtpConfig smtps = SmtpConfig.fromUrl("smtps://u:p@smtp.example.com?from=a@b.c");
        assertEquals(TlsMode.TLS, smtps.tlsMode());
        assertEquals(465, smtps.port());
        assertEquals(TlsMode.TLS, SmtpConfig.fromUrl("smtp://h?tls=TLS&from=a@b.c").tlsMode());
        assertEquals(TlsMode.STARTTLS, SmtpConfig.fromUrl("SMTP://h/?tls=starttls&from=a@b.c").tlsMode());
    }

    @Test
    void theParsedBuilderTakesWhatTheUrlDoesNotCarry() {
        SmtpConfig c = SmtpConfig.parseUrl("smtp://h").from("a@b.c").queueCapacity(7).maxAttempts(2).build();
        assertEquals(7, c.queueCapacity());
        assertEquals(2, c.maxAttempts());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://h?from=a@b.c",
        "h:25",
        "smtp://?from=a@b.c",
        "smtp://h",
        "smtp://h?from=not%20an%20address",
        "smtp://h?tls=maybe&from=a@b.c",
        "smtp://h?port=25&from=a@b.c",
        "smtp://h/path?from=a@b.c",
        "smtp://h?from=a@b.c%zz",
    })
    void aBadUrlIsAConfigurationException(String url) {
        assertThrows(ConfigurationException.class, () -> SmtpConfig.fromUrl(url));
    }

    @Test
    void noErrorAboutAUrlRepeatsItsPassword() {
        String[] urls = {
            "smtp://user:hunter2 secret@h?from=a@b.c",     // not a URI (the space)
            "smtp://user:hunter2@secret@h?from=a@b.c",     // an unencoded '@': no host
            "smtp://user:hunter2%zzsecret@h?from=a@b.c",   // bad percent-encoding
            "smtp://user:hunter2secret@h?from=a@b.c&x=1",  // unknown parameter
            "smtp://user:hunter2secret@h",                  // no from
        };
        for (String url : urls) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> SmtpConfig.fromUrl(url));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertEquals(null, e.getCause(), url);
        }
    }

    @Test
    void toStringHidesThePassword() {
        SmtpConfig c = SmtpConfig.builder("h", "a@b.c").credentials("mailer", "hunter2secret").build();
        assertFalse(c.toString().contains("hunter2secret"), c.toString());
        assertTrue(c.toString().contains("mailer"), c.toString());
    }

    @Test
    void badBuilderValuesAreConfigurationExceptions() {
        assertThrows(ConfigurationException.class, () -> SmtpConfig.builder(" ", "a@b.c").build());
        assertThrows(ConfigurationException.class, () -> SmtpConfig.builder("h", "").build());
        assertThrows(ConfigurationException.class, () -> SmtpConfig.builder("h", "a@b.c").port(70000));
        assertThrows(ConfigurationException.class, () -> SmtpConfig.builder("h", "a@b.c").queueCapacity(0));
        assertThrows(ConfigurationException.class, () -> SmtpConfig.builder("h", "a@b.c").maxAttempts(0));
        assertThrows(ConfigurationException.class,
                () -> SmtpConfig.builder("h", "a@b.c").connectTimeout(Duration.ZERO));
        assertThrows(ConfigurationException.class, () -> SmtpConfig.builder("h", "a@b.c").credentials("", "p"));
    }

    @Test
    void eachTlsModeGivesItsSessionSettings() {
        Properties none = SmtpMailer.sessionProperties(SmtpConfig.builder("h", "a@b.c").tlsMode(TlsMode.NONE)
                .connectTimeout(Duration.ofSeconds(3)).ioTimeout(Duration.ofSeconds(4)).build());
        assertEquals("h", none.getProperty("mail.smtp.host"));
        assertEquals("25", none.getProperty("mail.smtp.port"));
        assertEquals("3000", none.getProperty("mail.smtp.connectiontimeout"));
        assertEquals("4000", none.getProperty("mail.smtp.timeout"));
        assertEquals("4000", none.getProperty("mail.smtp.writetimeout"));
        assertEquals("false", none.getProperty("mail.smtp.auth"));
        assertEquals(null, none.getProperty("mail.smtp.starttls.enable"));
        assertEquals(null, none.getProperty("mail.smtp.ssl.enable"));

        Properties starttls = SmtpMailer.sessionProperties(SmtpConfig.builder("h", "a@b.c")
                .credentials("u", "p").build());
        assertEquals("true", starttls.getProperty("mail.smtp.auth"));
        assertEquals("true", starttls.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", starttls.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", starttls.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertFalse(starttls.containsValue("p"), "no password in the session settings");

        Properties tls = SmtpMailer.sessionProperties(SmtpConfig.builder("h", "a@b.c").tlsMode(TlsMode.TLS).build());
        assertEquals("true", tls.getProperty("mail.smtp.ssl.enable"));
        assertEquals("true", tls.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("465", tls.getProperty("mail.smtp.port"));
    }
}
