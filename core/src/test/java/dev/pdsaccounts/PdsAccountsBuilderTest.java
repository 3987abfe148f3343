package dev.pdsaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.ConfigurationException;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.mail.Mailer;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.store.AccountStore;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The safe builder: no silent development doubles, and missing settings are named, never a NullPointerException. */
class PdsAccountsBuilderTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HEX_KEY = "a".repeat(64);

    private static PdsAccounts.OptionalStage base() {
        return PdsAccounts.builder().config(PdsConfig.builder("pds.test").build())
                .secrets(PdsSecrets.generateForDevelopment(RANDOM)).store(noStore()).random(RANDOM);
    }

    @Test
    void aBuildWithoutAPlcDirectoryNamesTheSetting() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> base().mailer(new RecordingMailer()).build());
        assertTrue(e.getMessage().startsWith("plcDirectory is not set: pass an HttpPlcDirectory"), e.getMessage());
        assertTrue(e.getMessage().contains("developmentDoubles()"), e.getMessage());
    }

    @Test
    void aBuildWithoutAMailerNamesTheSetting() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> base().plcDirectory(new InMemoryPlcDirectory()).build());
        assertTrue(e.getMessage().startsWith("mailer is not set"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> base().build());
    }

    @Test
    void explicitCollaboratorsAreUsed() {
        InMemoryPlcDirectory plc = new InMemoryPlcDirectory();
        Mailer mailer = mail -> { };
        PdsAccounts pds = base().plcDirectory(plc).mailer(mailer).build();
        assertSame(plc, pds.plcDirectory());
        assertSame(mailer, pds.mailer());
        PdsAccounts mixed = base().mailer(mailer).developmentDoubles().build();
        assertSame(mailer, mixed.mailer(), "a development choice never replaces what the host passed");
        assertInstanceOf(InMemoryPlcDirectory.class, mixed.plcDirectory());
    }

    @Test
    void developmentDoublesAreAnExplicitChoice() {
        PdsAccounts pds = base().developmentDoubles().build();
        assertInstanceOf(InMemoryPlcDirectory.class, pds.plcDirectory());
        assertInstanceOf(RecordingMailer.class, pds.mailer());
    }

    @Test
    void aMissingOrShortJwtSecretNamesTheSetting() {
        assertEquals("PDS_JWT_SECRET is not set", assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().jwtSecret((String) null)).getMessage());
        assertEquals("PDS_JWT_SECRET is not set", assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().jwtSecret((byte[]) null)).getMessage());
        assertEquals("PDS_JWT_SECRET is not set", assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().jwtSecret("")).getMessage());
        String shortSecret = "tooShortSecretValue";
        String message = assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().jwtSecret(shortSecret)).getMessage();
        assertTrue(message.startsWith("PDS_JWT_SECRET is too short: at least 32 bytes"), message);
        assertFalse(message.contains(shortSecret), "the message never holds the secret");
        assertEquals("PDS_JWT_SECRET is not set", assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().plcRotationKeyHex(HEX_KEY).build()).getMessage());
    }

    @Test
    void aMissingOrMalformedRotationKeyNamesTheSetting() {
        String secret = "s".repeat(32);
        assertEquals("PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX is not set", assertThrows(
                ConfigurationException.class, () -> PdsSecrets.builder().jwtSecret(secret).build()).getMessage());
        assertEquals("PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX is not set", assertThrows(
                ConfigurationException.class, () -> PdsSecrets.builder().plcRotationKeyHex(null)).getMessage());
        String bad = "zz" + "a".repeat(62);
        String message = assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().plcRotationKeyHex(bad)).getMessage();
        assertTrue(message.startsWith("PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX must be 64 hex"), message);
        assertFalse(message.contains(bad));
        assertTrue(assertThrows(ConfigurationException.class,
                () -> PdsSecrets.builder().recoveryDidKey("did:key:nope")).getMessage()
                .startsWith("PDS_RECOVERY_DID_KEY"));
        PdsSecrets.builder().jwtSecret(secret).plcRotationKeyHex(HEX_KEY).build();
    }

    private static AccountStore noStore() {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
