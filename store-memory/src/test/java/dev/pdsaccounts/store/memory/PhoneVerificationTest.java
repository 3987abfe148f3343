package dev.pdsaccounts.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.PhoneVerifier;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.testkit.TestPds;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phone verification at sign-up: required by config, checked through the {@link PhoneVerifier} port. */
class PhoneVerificationTest {
    private final List<String> checked = new ArrayList<>();

    private PdsAccounts pds(boolean required) {
        SecureRandom random = new SecureRandom();
        return PdsAccounts.builder()
                .config(PdsConfig.builder("pds.test").serviceHandleDomains(List.of(".test")).inviteRequired(false)
                        .phoneVerificationRequired(required).build())
                .secrets(PdsSecrets.generateForDevelopment(random))
                .store(new InMemoryAccountStore())
                .random(random)
                .passwordHasher(TestPds.cheapHasher())
                .appPasswordHasher(ReferenceAppPasswordHasher.forTestsOnly())
                .phoneVerifier((phone, code) -> {
                    checked.add(phone);
                    return "123456".equals(code);
                })
                .developmentDoubles()
                .build();
    }

    private static CreateAccountInput.Builder input(String name) {
        return CreateAccountInput.builder().handle(name + ".test").email(name + "@mail.test").password("pw");
    }

    @Test
    void requiredPhoneMustBeGivenWithAValidCode() {
        PdsAccounts pds = pds(true);
        LexiconException none = assertThrows(LexiconException.class,
                () -> pds.accounts().createAccount(input("alice").build()));
        assertEquals(LexiconError.INVALID_REQUEST, none.error());
        assertEquals("Phone number verification is required on this server and none was provided.", none.getMessage());
        LexiconException noCode = assertThrows(LexiconException.class,
                () -> pds.accounts().createAccount(input("alice").verificationPhone("+15551234").build()));
        assertEquals("No phone verification code provided.", noCode.getMessage());
        LexiconException wrong = assertThrows(LexiconException.class, () -> pds.accounts().createAccount(
                input("alice").verificationPhone("+15551234").verificationCode("000000").build()));
        assertEquals(LexiconError.INVALID_REQUEST, wrong.error());
        assertEquals("Could not verify phone number. Please try again.", wrong.getMessage());
        assertEquals(0, pds.store().countAccounts());

        pds.accounts().createAccount(input("alice").verificationPhone("+15551234").verificationCode("123456").build());
        assertEquals(1, pds.store().countAccounts());
        assertEquals(List.of("+15551234", "+15551234"), checked);
    }

    @Test
    void phoneInputsAreIgnoredWhenNotRequired() {
        PdsAccounts pds = pds(false);
        pds.accounts().createAccount(input("bob").verificationPhone("+1").verificationCode("nope").build());
        assertTrue(checked.isEmpty(), "the verifier is not consulted when phones are not required");
        assertEquals(1, pds.store().countAccounts());
        assertTrue(!pds.config().phoneVerificationRequired());
    }
}
