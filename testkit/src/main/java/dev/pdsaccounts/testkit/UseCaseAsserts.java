package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.store.AccountStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;

/** Shared assertions and helpers of the use-case contracts. */
final class UseCaseAsserts {
    private UseCaseAsserts() {}

    /** Asserts {@code call} fails with this lexicon error and message; returns the exception. */
    static LexiconException assertLexicon(LexiconError error, String message, Executable call) {
        LexiconException e = assertThrows(LexiconException.class, call);
        assertEquals(error, e.error(), () -> "error name of " + e);
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    /** The stored account. */
    static Account account(TestPds tp, String did) {
        return tp.store().findAccountByDid(did).orElseThrow(() -> new AssertionError("no account " + did));
    }

    /** The plaintext token of the newest mail of this template to {@code address}. */
    static String mailedToken(TestPds tp, String address, MailTemplate template) {
        Mail mail = tp.mailer().latest(address, template)
                .orElseThrow(() -> new AssertionError("no " + template + " mail to " + address));
        return mail.token();
    }

    /** The email every {@link TestPds#createAccount} account gets. */
    static String emailOf(String handle) {
        return handle.substring(0, handle.length() - TestPds.DOMAIN.length()) + "@mail.test";
    }

    /** A store wrapper counting calls per method name. */
    static final class CountingStore {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AccountStore store;

        CountingStore(AccountStore target) {
            this.store = (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                    new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                        calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        int count(String method) {
            AtomicInteger n = calls.get(method);
            return n == null ? 0 : n.get();
        }
    }

    /** A service sharing the test service's store, clock, secrets, directory and hasher, with other parts. */
    static PdsAccounts.OptionalStage sameServiceOver(TestPds tp, AccountStore store) {
        return PdsAccounts.builder()
                .config(tp.pds().config())
                .secrets(tp.secrets())
                .store(store)
                .clock(tp.clock())
                .random(tp.random())
                .mailer(tp.mailer())
                .passwordHasher(tp.hasher())
                .appPasswordHasher(tp.appPasswordHasher())
                .plcDirectory(tp.plc())
                .backgroundExecutor(Runnable::run);
    }
}
