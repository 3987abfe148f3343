package dev.pdsaccounts.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.crypto.AppPasswordHasher;
import dev.pdsaccounts.crypto.Argon2Parameters;
import dev.pdsaccounts.crypto.Argon2idHasher;
import dev.pdsaccounts.crypto.PasswordHasher;
import dev.pdsaccounts.crypto.ReferenceAppPasswordHasher;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.InMemoryPlcDirectory;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.mail.RecordingMailer;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.store.TransactionWork;
import dev.pdsaccounts.testsupport.MapStore;
import dev.pdsaccounts.testsupport.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The unauthenticated use cases whose timing could tell a registered account from an unknown one do the same
 * work on both paths, asserted by structure (a recording store, a counting hasher, a recording executor), not by
 * time: the figures are in {@code benchmarks/RESULTS.md}.
 */
class TimingStructureTest {
    private static final String HOST = "pds.example.com";
    private static final String PASSWORD = "correct horse battery";

    private final SecureRandom random = new SecureRandom();
    private final TestClock clock = new TestClock(Instant.parse("2024-06-01T00:00:00Z"));
    private final MapStore rows = new MapStore();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AccountStore store = recording(rows, calls);
    private final CountingHasher hasher = new CountingHasher(new Argon2idHasher(Argon2Parameters.forTestsOnly()));
    private final AtomicInteger appHashes = new AtomicInteger();
    private final AppPasswordHasher appHasher = countingAppHasher(ReferenceAppPasswordHasher.forTestsOnly());
    private final RecordingMailer mailer = new RecordingMailer();
    private final List<Runnable> submitted = new ArrayList<>();
    private final Executor queue = submitted::add;
    private final PdsAccounts pds = PdsAccounts.builder()
            .config(PdsConfig.builder(HOST).build())
            .secrets(PdsSecrets.generateForDevelopment(random))
            .store(store)
            .clock(clock)
            .random(random)
            .plcDirectory(new InMemoryPlcDirectory())
            .mailer(mailer)
            .passwordHasher(hasher)
            .appPasswordHasher(appHasher)
            .backgroundExecutor(queue)
            .build();

    // ------------------------------------------------------------------------------------------ login

    /**
     * A failed login does one verification, no hash, and the same store calls (the account lookup and one exact
     * app-password lookup by hash) whether the identifier is unknown, or the account exists with no app password,
     * with 100 of them, or is taken down.
     */
    @Test
    void aFailedLoginDoesTheSameWorkWhateverTheAccountAndItsAppPasswords() {
        CreateAccountOutput none = signUp("carol");
        CreateAccountOutput many = signUp("dave");
        CreateAccountOutput down = signUp("erin");
        for (int i = 0; i < 100; i++) {
            rows.insertAppPassword(new AppPassword(many.did(), "app-" + i, "00ff:" + i, clock.instant(), false));
        }
        pds.admin().updateSubjectStatus(down.did(), Optional.of(true), Optional.of("ref"), Optional.empty());
        failLogin("warm-up." + HOST); // makes the dummy hash once

        List<Work> seen = new ArrayList<>();
        for (String identifier : List.of("nobody." + HOST, none.handle(), many.handle(), down.handle())) {
            seen.add(failLogin(identifier));
        }
        Work unknown = seen.get(0);
        assertEquals(List.of("findAccountByHandle", "findAppPasswordByHash"), unknown.storeCalls());
        assertEquals(new Work(unknown.storeCalls(), 1, 0, 1), unknown, "one verification, no hash, one app-password hash");
        for (Work w : seen) {
            assertEquals(unknown, w, "every failure does the same work: " + seen);
        }
    }

    /** The same holds for an email identifier, known or not. */
    @Test
    void aFailedLoginByEmailDoesTheSameWorkForAKnownAndAnUnknownEmail() {
        CreateAccountOutput a = signUp("alice");
        rows.insertAppPassword(new AppPassword(a.did(), "phone", "00ff:1", clock.instant(), false));
        failLogin("warm-up@example.com");
        assertEquals(failLogin("nobody@example.com"), failLogin("alice@example.com"));
    }

    /**
     * The email auth factor never shows before the password holds: a wrong password does the same work (and
     * mails nothing) whether the factor is on or off and whatever code comes with it. Once the password holds,
     * every path of the factor (no code, a malformed, wrong, expired or valid code) first does the work of a
     * failed login, one verification, no hash, the account lookup and one exact app-password lookup, so a code
     * check costs the same hashing as a wrong password; a wrong and an expired code then make the same store
     * calls.
     */
    @Test
    void everyPathOfTheEmailAuthFactorDoesTheWorkOfAFailedLogin() {
        CreateAccountOutput off = signUp("frank");
        CreateAccountOutput on = signUp("grace");
        rows.updateAccount(rows.findAccountByDid(on.did()).orElseThrow()
                .withEmailConfirmedAt(clock.instant()).withEmailAuthFactor(true));
        failLogin("warm-up." + HOST);
        int mails = mailer.mails().size();

        Work wrongPassword = failLogin(off.handle());
        assertEquals(new Work(List.of("findAccountByHandle", "findAppPasswordByHash"), 1, 0, 1), wrongPassword);
        assertEquals(wrongPassword, failLogin(on.handle()), "the factor does not show before the password holds");
        Work withCode = attempt(on.handle(), "wrong password", Optional.of("AAAAA-AAAAA"),
                LexiconError.AUTHENTICATION_REQUIRED);
        assertEquals(wrongPassword, withCode, "nor does a code");
        assertEquals(mails, mailer.mails().size(), "a wrong password mails nothing");

        Work noCode = attempt(on.handle(), PASSWORD, Optional.empty(), LexiconError.AUTH_FACTOR_TOKEN_REQUIRED);
        String code = mailer.latest("grace@example.com", MailTemplate.SIGN_IN_CODE).orElseThrow().token();
        Work malformed = attempt(on.handle(), PASSWORD, Optional.of("not a code"), LexiconError.INVALID_TOKEN);
        Work wrongCode = attempt(on.handle(), PASSWORD, Optional.of("AAAAA-AAAAA"), LexiconError.INVALID_TOKEN);
        clock.advance(pds.config().emailTokenTtl());
        Work expired = attempt(on.handle(), PASSWORD, Optional.of(code), LexiconError.EXPIRED_TOKEN);
        attempt(on.handle(), PASSWORD, Optional.empty(), LexiconError.AUTH_FACTOR_TOKEN_REQUIRED);
        String fresh = mailer.latest("grace@example.com", MailTemplate.SIGN_IN_CODE).orElseThrow().token();
        Work valid = attempt(on.handle(), PASSWORD, Optional.of(fresh), null);

        assertEquals(wrongPassword, malformed, "a malformed code: exactly the work of a wrong password");
        for (Work w : List.of(noCode, wrongCode, expired, valid)) {
            assertEquals(wrongPassword.storeCalls(), w.storeCalls().subList(0, 2), "the failed-login work first: " + w);
            assertEquals(1, w.verifies(), "one verification: " + w);
            assertEquals(0, w.hashes(), "no hash: " + w);
            assertEquals(1, w.appHashes(), "one app-password hash: " + w);
        }
        assertEquals(wrongCode, expired, "a wrong and an expired code make the same calls");
    }

    private Work attempt(String identifier, String password, Optional<String> code, LexiconError expected) {
        resetCounts();
        CreateSessionInput input = CreateSessionInput.of(identifier, password).withAuthFactorToken(code);
        if (expected == null) {
            pds.sessions().createSession(input);
        } else {
            LexiconException e = assertThrows(LexiconException.class, () -> pds.sessions().createSession(input));
            assertEquals(expected, e.error(), e.getMessage());
        }
        return workDone();
    }

    private Work failLogin(String identifier) {
        resetCounts();
        LexiconException e = assertThrows(LexiconException.class,
                () -> pds.sessions().createSession(CreateSessionInput.of(identifier, "wrong password")));
        assertEquals(LexiconError.AUTHENTICATION_REQUIRED, e.error(), e.getMessage());
        return workDone();
    }

    // ------------------------------------------------------------------------------------------ password reset

    /**
     * In the caller's time a password reset for a registered and for an unknown email makes no store call, no
     * mail, no hashing, and submits exactly one task of the same class; run later, both tasks look the email up
     * and only the registered email's stores a token and mails it.
     */
    @Test
    void aPasswordResetDoesTheSameWorkInTheCallersTimeForAKnownAndAnUnknownEmail() {
        CreateAccountOutput a = signUp("alice");
        int mailsBefore = mailer.mails().size();

        Work known = requestReset("alice@example.com");
        Work unknown = requestReset("nobody@example.com");

        assertEquals(new Work(List.of(), 0, 0, 0), known);
        assertEquals(known, unknown);
        assertEquals(mailsBefore, mailer.mails().size(), "no mail in the caller's time");
        assertTrue(rows.findEmailToken(dev.pdsaccounts.token.EmailTokenPurpose.RESET_PASSWORD, a.did()).isEmpty(),
                "no token written in the caller's time");
        assertEquals(2, submitted.size(), "one task each");
        assertEquals(submitted.get(0).getClass(), submitted.get(1).getClass(), "the same task shape");

        calls.clear();
        submitted.get(1).run(); // the unknown email's task only looks it up
        assertEquals(List.of("findAccountByEmail"), calls);
        submitted.get(0).run();
        assertTrue(calls.contains("inTransaction"));
        assertEquals(mailsBefore + 1, mailer.mails().size());
        assertTrue(mailer.latest("alice@example.com", MailTemplate.RESET_PASSWORD).isPresent());
    }

    private Work requestReset(String email) {
        resetCounts();
        int before = submitted.size();
        pds.email().requestPasswordReset(email);
        assertEquals(before + 1, submitted.size());
        return workDone();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** What one call did: the store methods in order, the password hasher's work and the app-password hashes. */
    private record Work(List<String> storeCalls, int verifies, int hashes, int appHashes) {}

    /** Forgets the store calls and hashes counted so far. */
    private void resetCounts() {
        calls.clear();
        hasher.reset();
        appHashes.set(0);
    }

    /** {@return the store calls and hashes counted since {@link #resetCounts()}} */
    private Work workDone() {
        return new Work(List.copyOf(calls), hasher.verifies.get(), hasher.hashes.get(), appHashes.get());
    }

    private AppPasswordHasher countingAppHasher(AppPasswordHasher inner) {
        return (password, did) -> {
            appHashes.incrementAndGet();
            return inner.hash(password, did);
        };
    }

    private CreateAccountOutput signUp(String name) {
        CreateAccountOutput out = pds.accounts().createAccount(CreateAccountInput.builder()
                .handle(name + "." + HOST)
                .email(name + "@example.com")
                .password(PASSWORD)
                .inviteCode(pds.invites().createInviteCode(1, Optional.empty()))
                .build());
        submitted.forEach(Runnable::run);
        submitted.clear();
        return out;
    }

    /** The store, recording each method called on it or on a transaction it hands out. */
    private static AccountStore recording(AccountStore target, List<String> calls) {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("inTransaction")) {
                        TransactionWork<?> work = (TransactionWork<?>) args[0];
                        return target.inTransaction(tx -> work.run(recordingAccess(tx, calls)));
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static StoreAccess recordingAccess(StoreAccess target, List<String> calls) {
        return (StoreAccess) Proxy.newProxyInstance(StoreAccess.class.getClassLoader(),
                new Class<?>[] {StoreAccess.class}, (proxy, method, args) -> {
                    calls.add("tx." + method.getName());
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Counts the hasher's work. */
    private static final class CountingHasher implements PasswordHasher {
        private final PasswordHasher delegate;
        final AtomicInteger hashes = new AtomicInteger();
        final AtomicInteger verifies = new AtomicInteger();

        CountingHasher(PasswordHasher delegate) {
            this.delegate = delegate;
        }

        void reset() {
            hashes.set(0);
            verifies.set(0);
        }

        @Override
        public String hash(String password) {
            hashes.incrementAndGet();
            return delegate.hash(password);
        }

        @Override
        public boolean verify(String password, String storedHash) {
            verifies.incrementAndGet();
            return delegate.verify(password, storedHash);
        }

        @Override
        public boolean needsRehash(String storedHash) {
            return delegate.needsRehash(storedHash);
        }

        @Override
        public boolean supports(String storedHash) {
            return delegate.supports(storedHash);
        }
    }
}
