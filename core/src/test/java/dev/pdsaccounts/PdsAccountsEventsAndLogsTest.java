package dev.pdsaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.account.AccountStatus;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.Argon2Parameters;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.events.AccountEvent;
import dev.pdsaccounts.events.AccountStatusEvent;
import dev.pdsaccounts.events.IdentityEvent;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.testsupport.LogCapture;
import dev.pdsaccounts.testsupport.MapStore;
import dev.pdsaccounts.testsupport.TestClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The use cases publish one account event per committed change through the builder's
 * {@link dev.pdsaccounts.events.AccountEvents}, over the {@link MapStore} double, and log what an operator needs
 * without a secret or a login identifier.
 */
class PdsAccountsEventsAndLogsTest {
    private static final String HOST = "pds.example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final Instant T = Instant.parse("2024-06-01T00:00:00Z");

    private final SecureRandom random = new SecureRandom();
    private final TestClock clock = new TestClock(T);
    private final FlakyPlc plc = new FlakyPlc();
    private final RecordingMailer mailer = new RecordingMailer();
    private final MapStore store = new MapStore();
    private final List<AccountEvent> events = new ArrayList<>();
    private final PdsAccounts pds = PdsAccounts.builder()
            .config(PdsConfig.builder(HOST).build())
            .secrets(PdsSecrets.generateForDevelopment(random))
            .store(store)
            .clock(clock)
            .random(random)
            .plcDirectory(plc)
            .mailer(mailer)
            .passwordHasher(new Argon2idHasher(Argon2Parameters.forTestsOnly()))
            .appPasswordHasher(ReferenceAppPasswordHasher.forTestsOnly())
            .accountEvents(events::add)
            .build();

    /** A PLC directory that refuses submissions while {@code down}. */
    private static final class FlakyPlc implements PlcDirectory {
        private final InMemoryPlcDirectory delegate = new InMemoryPlcDirectory();
        private volatile boolean down;

        @Override
        public void submit(String did, Map<String, Object> signedOp) {
            if (down) {
                throw new InfrastructureException("PLC directory unavailable (test)");
            }
            delegate.submit(did, signedOp);
        }

        @Override
        public Optional<Map<String, Object>> resolveDocument(String did) {
            return delegate.resolveDocument(did);
        }

        @Override
        public Optional<Map<String, Object>> lastOperation(String did) {
            return delegate.lastOperation(did);
        }

        @Override
        public List<Map<String, Object>> auditLog(String did) {
            return delegate.auditLog(did);
        }
    }

    private CreateAccountOutput signUp(String name) {
        return pds.accounts().createAccount(CreateAccountInput.builder()
                .handle(name + "." + HOST).email(name + "@example.com").password(PASSWORD)
                .inviteCode(pds.invites().createInviteCode(1, Optional.empty())).build());
    }

    private static AccountStatusEvent status(String did, AccountStatus status, AccountStatusEvent.Change change) {
        return new AccountStatusEvent(did, status.isActive(), status, change, T);
    }

    @Test
    void eachCommittedChangeOfTheLifecyclePublishesOneEventInOrder() {
        CreateAccountOutput alice = signUp("alice");
        String did = alice.did();
        pds.accounts().updateHandle(did, "alice2." + HOST);
        pds.accounts().updateHandle(did, "alice2." + HOST); // no-op
        pds.accounts().deactivateAccount(did, Optional.empty());
        pds.identity().activateAccount(did);
        pds.admin().updateSubjectStatus(did, Optional.of(true), Optional.of("mod-7"), Optional.empty());
        pds.admin().updateSubjectStatus(did, Optional.of(false), Optional.empty(), Optional.empty());
        pds.admin().updateAccountHandle(did, "alice3." + HOST);
        pds.email().requestAccountDelete(did);
        String token = mailer.latest("alice@example.com", MailTemplate.DELETE_ACCOUNT).orElseThrow().token();
        pds.email().deleteAccount(did, PASSWORD, token);
        CreateAccountOutput bob = signUp("bob");
        assertTrue(pds.admin().deleteAccount(bob.did()));
        assertFalse(pds.admin().deleteAccount(bob.did()));

        assertEquals(List.of(
                new IdentityEvent(did, "alice." + HOST, IdentityEvent.Change.CREATED, T),
                IdentityEvent.handleChanged(did, "alice2." + HOST, T),
                status(did, AccountStatus.DEACTIVATED, AccountStatusEvent.Change.DEACTIVATED),
                status(did, AccountStatus.ACTIVE, AccountStatusEvent.Change.ACTIVATED),
                status(did, AccountStatus.TAKENDOWN, AccountStatusEvent.Change.TAKEN_DOWN),
                status(did, AccountStatus.ACTIVE, AccountStatusEvent.Change.RESTORED),
                IdentityEvent.handleChanged(did, "alice3." + HOST, T),
                AccountStatusEvent.deleted(did, T),
                new IdentityEvent(bob.did(), "bob." + HOST, IdentityEvent.Change.CREATED, T),
                AccountStatusEvent.deleted(bob.did(), T)), events);
    }

    @Test
    void aSignUpWhosePlcRegistrationFailsPublishesNothingAndIsLogged() {
        plc.down = true;
        try (LogCapture logs = LogCapture.start()) {
            assertThrows(InfrastructureException.class, () -> signUp("carol"));
            assertTrue(logs.of("dev.pdsaccounts.service.account.AccountService").stream()
                    .anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("genesis")), logs.text());
        }
        assertEquals(List.of(), events);
        assertTrue(store.findAccountByHandle("carol." + HOST).isEmpty());
        plc.down = false;
        signUp("carol");
        assertEquals(1, events.size());
    }

    @Test
    void aHandleUpdateRefusedByThePlcDirectoryPublishesNothing() {
        CreateAccountOutput alice = signUp("alice");
        events.clear();
        plc.down = true;
        assertThrows(InfrastructureException.class, () -> pds.accounts().updateHandle(alice.did(), "alice2." + HOST));
        assertEquals(List.of(), events);
    }

    @Test
    void failedLoginsAreLoggedByIdentifierKindNeverTheIdentifierOrPassword() {
        CreateAccountOutput alice = signUp("alice");
        try (LogCapture logs = LogCapture.start()) {
            assertThrows(LexiconException.class, () -> pds.sessions().createSession(
                    CreateSessionInput.of("alice@example.com", "wrong-Secret-1")));
            assertThrows(LexiconException.class, () -> pds.sessions().createSession(
                    CreateSessionInput.of("nobody." + HOST, "wrong-Secret-2")));
            assertThrows(LexiconException.class, () -> pds.sessions().createSession(
                    CreateSessionInput.of("not an identifier", "wrong-Secret-3")));
            pds.admin().updateSubjectStatus(alice.did(), Optional.of(true), Optional.of("mod-9"), Optional.empty());
            assertThrows(LexiconException.class, () -> pds.sessions().createSession(
                    CreateSessionInput.of("alice@example.com", PASSWORD)));

            List<String> login = logs.of("dev.pdsaccounts.service.session.Login").stream()
                    .map(LogRecord::getMessage).toList();
            assertEquals(List.of(
                    "login failed: wrong password for account " + alice.did() + " (identified by email)",
                    "login failed: no account for the handle given",
                    "login failed: no account for the other given",
                    "login refused: account " + alice.did() + " is taken down"), login);
            assertTrue(logs.of("dev.pdsaccounts.service.session.Login").stream()
                    .allMatch(r -> r.getLevel() == Level.INFO));
            assertTrue(logs.of("dev.pdsaccounts.service.admin.AdminService").stream()
                    .anyMatch(r -> r.getLevel() == Level.INFO
                            && r.getMessage().equals("admin: takedown of " + alice.did() + " applied, ref mod-9")),
                    logs.text());
            String text = logs.text();
            for (String never : List.of("alice@example.com", "nobody." + HOST, "not an identifier", "Secret",
                    PASSWORD)) {
                assertFalse(text.contains(never), "a log line names " + never + ":\n" + text);
            }
        }
    }
}
