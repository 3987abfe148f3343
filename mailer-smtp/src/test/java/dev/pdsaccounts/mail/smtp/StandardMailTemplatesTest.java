package dev.pdsaccounts.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StandardMailTemplatesTest {
    private static final String TOKEN = "ABCDE-FGH23";

    private static Mail mail(MailTemplate t, String to, Optional<String> handle) {
        return new Mail(t, to, TOKEN, handle);
    }

    @ParameterizedTest
    @EnumSource(value = MailTemplate.class, mode = EnumSource.Mode.EXCLUDE, names = "ADMIN_EMAIL")
    void everyMailHasTheReferenceSubjectAndTheTokenInBothBodies(MailTemplate t) {
        MailContent c = MailTemplates.defaults().render(mail(t, "alice@example.com", Optional.of("alice.test")));
        String expected;
        switch (t) {
            case RESET_PASSWORD: expected = "Password Reset Requested"; break;
            case DELETE_ACCOUNT: expected = "Account Deletion Requested"; break;
            case CONFIRM_EMAIL: expected = "Email Confirmation"; break;
            case UPDATE_EMAIL: expected = "Email Update Requested"; break;
            case PLC_OPERATION: expected = "PLC Update Operation Requested"; break;
            case SIGN_IN_CODE: expected = "Sign-in code"; break; // the reference's local PDS has no sign-in codes
            default: throw new AssertionError("a mail without a reference subject: " + t);
        }
        assertEquals(expected, c.subject());
        assertTrue(c.text().contains(TOKEN), c.text());
        assertTrue(c.html().contains(">" + TOKEN + "<"), c.html());
        assertTrue(c.html().startsWith("<!DOCTYPE html>"), c.html());
        assertFalse(c.text().contains("{"), "every placeholder filled: " + c.text());
        assertFalse(c.html().contains("{"), "every placeholder filled: " + c.html());
        assertFalse(c.toString().contains(TOKEN), c.toString());
    }

    @Test
    void theAdminMessageCarriesItsContentAndSubject() {
        Mail m = Mail.adminMessage("alice@example.com", Optional.of("Policy\r\nBcc: x@evil.test"),
                "Hello <alice>,\nyour account & you.", Optional.of("alice.test"));
        MailContent c = MailTemplates.defaults().render(m);
        assertEquals("Policy Bcc: x@evil.test", c.subject(), "one line");
        assertEquals("Hello <alice>,\nyour account & you.\n", c.text());
        assertTrue(c.html().contains("Hello &lt;alice&gt;,\nyour account &amp; you.</p>"), c.html());
        MailContent defaultSubject = MailTemplates.defaults().render(
                Mail.adminMessage("alice@example.com", Optional.empty(), "hi", Optional.empty()));
        assertEquals("Message via your PDS", defaultSubject.subject());
    }

    @Test
    void everyMailOfTheDomainHasATemplateOfItsOwn() {
        Set<String> ids = Arrays.stream(MailTemplate.values()).map(MailTemplate::id).collect(Collectors.toSet());
        assertEquals(ids, StandardMailTemplates.builder().build().ids());
    }

    @Test
    void theResetMailGreetsWithTheHandleOrElseTheAddress() {
        MailContent withHandle = MailTemplates.defaults().render(
                mail(MailTemplate.RESET_PASSWORD, "alice@example.com", Optional.of("alice.test")));
        assertTrue(withHandle.text().startsWith("Hello alice.test,"), withHandle.text());
        assertTrue(withHandle.html().contains("<p>Hello alice.test,</p>"), withHandle.html());
        MailContent without = MailTemplates.defaults().render(
                mail(MailTemplate.RESET_PASSWORD, "alice@example.com", Optional.empty()));
        assertTrue(without.text().startsWith("Hello alice@example.com,"), without.text());
    }

    @Test
    void theSignInCodeMailNamesTheAccountAndWarnsOfALeakedPassword() {
        MailContent c = MailTemplates.defaults().render(
                mail(MailTemplate.SIGN_IN_CODE, "alice@example.com", Optional.of("alice.test")));
        assertEquals("Sign-in code", c.subject());
        assertTrue(c.text().startsWith("Hello alice.test,"), c.text());
        assertTrue(c.text().contains("\n\n    " + TOKEN + "\n\n"), c.text());
        assertTrue(c.text().contains("change your password"), c.text());
        assertTrue(c.html().contains("<p>Hello alice.test,</p>"), c.html());
    }

    @Test
    void valuesAreHtmlEscapedInTheHtmlBodyOnly() {
        MailContent c = MailTemplates.defaults().render(
                mail(MailTemplate.RESET_PASSWORD, "o'neil&<co>\"@example.com", Optional.empty()));
        assertTrue(c.html().contains("Hello o&#39;neil&amp;&lt;co&gt;&quot;@example.com,"), c.html());
        assertFalse(c.html().contains("<co>"), c.html());
        assertTrue(c.text().contains("Hello o'neil&<co>\"@example.com,"), c.text());
    }

    @Test
    void placeholdersAreFilledInOnePass() {
        MailContent c = MailTemplates.pattern("[{handle}] [{to}] [{subject}] [{unknown}] {", "<p>{handle}</p>")
                .render(mail(MailTemplate.CONFIRM_EMAIL, "a@example.com", Optional.of("{token}")));
        assertEquals("[{token}] [a@example.com] [Email Confirmation] [{unknown}] {", c.text());
        assertEquals("<p>{token}</p>", c.html());
    }

    @Test
    void aTemplateIsReplacedOrAddedById() {
        StandardMailTemplates t = StandardMailTemplates.builder()
                .template(MailTemplate.CONFIRM_EMAIL.id(), MailTemplates.pattern("Mon code: {token}", "<b>{token}</b>"))
                .template("welcome", MailTemplates.pattern("Welcome", "code {token}", "<p>{token}</p>"))
                .build();
        assertTrue(t.ids().contains("welcome"));
        MailContent c = t.render(mail(MailTemplate.CONFIRM_EMAIL, "a@example.com", Optional.empty()));
        assertEquals("Email Confirmation", c.subject(), "the mail's subject unless the template has its own");
        assertEquals("Mon code: " + TOKEN, c.text());
        assertEquals("<b>" + TOKEN + "</b>", c.html());
        MailContent other = t.render(mail(MailTemplate.UPDATE_EMAIL, "a@example.com", Optional.empty()));
        assertTrue(other.text().contains("change the email address"), other.text());
    }

    @Test
    void anIdWithoutATemplateGetsTheFallback() {
        StandardMailTemplates onlyFallback = StandardMailTemplates.builder()
                .fallback(MailTemplates.pattern("fallback {token}", "<i>{token}</i>")).build();
        assertFalse(onlyFallback.render(mail(MailTemplate.PLC_OPERATION, "a@b.c", Optional.empty())).text()
                .startsWith("fallback"), "a built-in id keeps its template");
        MailContent generic = StandardMailTemplates.GENERIC.render(
                mail(MailTemplate.PLC_OPERATION, "a@b.c", Optional.empty()));
        assertEquals("PLC Update Operation Requested", generic.subject());
        assertTrue(generic.text().contains(TOKEN) && generic.html().contains(TOKEN));
    }

    @Test
    void aSubjectIsOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new MailContent("a\r\nBcc: x@y.z", "t", "h"));
        MailContent c = MailTemplates.pattern("code for {handle}", "t", "h")
                .render(mail(MailTemplate.CONFIRM_EMAIL, "a@b.c", Optional.of("x\r\nBcc: evil@example.com")));
        assertEquals("code for x Bcc: evil@example.com", c.subject());
    }
}
