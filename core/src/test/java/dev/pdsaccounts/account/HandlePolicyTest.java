package dev.pdsaccounts.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.syntax.Handle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlePolicyTest {
    private final HandlePolicy policy =
            HandlePolicy.of(List.of(".test", ".pds.example.com"), ReservedHandles.defaults(), HandleFilter.NONE);

    private LexiconException refusal(HandlePolicy p, String raw, boolean admin) {
        return assertThrows(LexiconException.class, () -> p.check(raw, admin));
    }

    private void assertRefused(String raw, boolean admin, String errorName, String message) {
        LexiconException e = refusal(policy, raw, admin);
        assertEquals(errorName, e.errorName());
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void serviceHandleIsNormalisedAndNamesItsDomain() {
        HandleCheck c = policy.check("Alice.TEST", false);
        HandleCheck.ServiceHandle s = assertInstanceOf(HandleCheck.ServiceHandle.class, c);
        assertEquals(Handle.parse("alice.test"), s.handle());
        assertEquals(".test", s.domain());
        assertEquals(".pds.example.com",
                ((HandleCheck.ServiceHandle) policy.check("bob.pds.example.com", false)).domain());
    }

    @Test
    void externalHandle() {
        HandleCheck c = policy.check("alice.example.com", false);
        assertEquals(new HandleCheck.ExternalHandle(Handle.parse("alice.example.com")), c);
    }

    @Test
    void domainMatchIsAnchoredAtALabelBoundary() {
        // "evilpds.example.com" ends with "pds.example.com" but not with ".pds.example.com".
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("evilpds.example.com", false));
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("alice.nottest.com", false));
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("alice.atest", false));
        // The bare domain itself is no service handle (and not a valid handle under it either).
        HandlePolicy p = HandlePolicy.of(List.of(".pds.example.com"), ReservedHandles.defaults(), HandleFilter.NONE);
        assertInstanceOf(HandleCheck.ExternalHandle.class, p.check("pds.example.com", false));
    }

    @Test
    void domainsAreNormalisedAtConstruction() {
        HandlePolicy p = HandlePolicy.of(List.of("  .Test ", ".TEST", ".Pds.Example.Com"),
                ReservedHandles.defaults(), HandleFilter.NONE);
        assertEquals(List.of(".test", ".pds.example.com"), p.serviceDomains());
        assertEquals(".test", ((HandleCheck.ServiceHandle) p.check("ALICE.test", false)).domain());
        assertEquals(".pds.example.com", ((HandleCheck.ServiceHandle) p.check("alice.PDS.example.com", false)).domain());
    }

    @Test
    void longestMatchingDomainWins() {
        HandlePolicy p = HandlePolicy.of(List.of(".test", ".pds.test"), ReservedHandles.defaults(), HandleFilter.NONE);
        HandleCheck.ServiceHandle s = (HandleCheck.ServiceHandle) p.check("alice.pds.test", false);
        assertEquals(".pds.test", s.domain());
        assertEquals(".test", ((HandleCheck.ServiceHandle) p.check("alice.test", false)).domain());
    }

    @Test
    void badConfigurationIsRefusedAtConstruction() {
        ReservedHandles r = ReservedHandles.defaults();
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of("test"), r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of("pds.example.com"), r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of("."), r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of(".a..b"), r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of(""), r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(Arrays.asList(".test", null), r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(null, r, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of(".test"), null, HandleFilter.NONE));
        assertThrows(IllegalArgumentException.class, () -> HandlePolicy.of(List.of(".test"), r, null));
    }

    @Test
    void noServiceDomainsMeansEveryHandleIsExternal() {
        HandlePolicy p = HandlePolicy.of(List.of(), ReservedHandles.defaults(), HandleFilter.NONE);
        assertInstanceOf(HandleCheck.ExternalHandle.class, p.check("admin.test", false));
    }

    @Test
    void syntaxErrors() {
        assertRefused("jo_hn.test", false, "InvalidHandle",
                "Disallowed characters in handle (ASCII letters, digits, dashes, periods only)");
        assertRefused(null, false, "InvalidHandle", "Handle is required");
        assertRefused("", true, "InvalidHandle", "Handle is required");
        assertRefused(" alice.test", false, "InvalidHandle",
                "Disallowed characters in handle (ASCII letters, digits, dashes, periods only)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"laptop.local", "a.b.arpa", "x.invalid", "my.localhost", "corp.internal",
        "alice.example", "x.alt", "expyuzz4wqqyqhjn.onion", "Alice.LOCAL"})
    void disallowedTlds(String raw) {
        assertRefused(raw, false, "InvalidHandle", "Handle TLD is invalid or disallowed");
        assertRefused(raw, true, "InvalidHandle", "Handle TLD is invalid or disallowed");
    }

    @Test
    void tldCheckIsOnTheWholeLabel() {
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("alice.nonlocal", false));
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("alice.example.com", false));
    }

    @Test
    void filterRefusesUnlessAdminAndSeesTheNormalisedHandle() {
        List<String> seen = new ArrayList<>();
        HandleFilter filter = h -> {
            seen.add(h);
            return h.contains("badword") ? Optional.of("listed word") : Optional.empty();
        };
        HandlePolicy p = HandlePolicy.of(List.of(".test"), ReservedHandles.defaults(), filter);
        LexiconException e = refusal(p, "BadWord.test", false);
        assertEquals("InvalidHandle", e.errorName());
        assertEquals("Inappropriate language in handle", e.getMessage());
        assertEquals(List.of("badword.test"), seen);
        assertInstanceOf(HandleCheck.ServiceHandle.class, p.check("badword.test", true));
        assertInstanceOf(HandleCheck.ServiceHandle.class, p.check("goodword.test", false));
    }

    @Test
    void filterRunsAfterSyntaxAndTld() {
        HandleFilter refuseAll = h -> Optional.of("all");
        HandlePolicy p = HandlePolicy.of(List.of(".test"), ReservedHandles.defaults(), refuseAll);
        assertEquals("Handle TLD is invalid or disallowed", refusal(p, "x.local", false).getMessage());
        assertEquals("Handle is required", refusal(p, null, false).getMessage());
    }

    @Test
    void frontWithADotOnAServiceDomain() {
        assertRefused("a.b.test", false, "InvalidHandle", "Invalid characters in handle");
        assertRefused("alice.bob.test", true, "InvalidHandle", "Invalid characters in handle");
    }

    @Test
    void frontLengthIs3To18() {
        assertRefused("ab.test", false, "InvalidHandle", "Handle too short");
        assertRefused("ab.test", true, "InvalidHandle", "Handle too short");
        assertInstanceOf(HandleCheck.ServiceHandle.class, policy.check("abc.test", false));
        assertInstanceOf(HandleCheck.ServiceHandle.class, policy.check("a".repeat(18) + ".test", false));
        assertRefused("a".repeat(19) + ".test", false, "InvalidHandle", "Handle too long");
        // Custom domains have no such limit.
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("ab.example.com", false));
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("a".repeat(40) + ".example.com", false));
    }

    @Test
    void reservedUnlessAdmin() {
        assertRefused("admin.test", false, "HandleNotAvailable", "Reserved handle");
        assertRefused("BSKY.pds.example.com", false, "HandleNotAvailable", "Reserved handle");
        assertEquals(Handle.parse("admin.test"), policy.check("admin.test", true).handle());
        // Reserved words only apply on service domains and only to the whole front label.
        assertInstanceOf(HandleCheck.ExternalHandle.class, policy.check("admin.example.com", false));
        assertInstanceOf(HandleCheck.ServiceHandle.class, policy.check("admins1.test", false));
    }

    @Test
    void signupRequiresAServiceHandle() {
        assertEquals(Handle.parse("alice.test"), policy.requireServiceHandleForSignup("Alice.Test"));
        LexiconException e = assertThrows(LexiconException.class,
                () -> policy.requireServiceHandleForSignup("alice.example.com"));
        assertEquals("UnsupportedDomain", e.errorName());
        assertEquals("Not a supported handle domain", e.getMessage());
        assertEquals("HandleNotAvailable",
                assertThrows(LexiconException.class, () -> policy.requireServiceHandleForSignup("admin.test")).errorName());
        assertEquals("InvalidHandle",
                assertThrows(LexiconException.class, () -> policy.requireServiceHandleForSignup(null)).errorName());
    }
}
