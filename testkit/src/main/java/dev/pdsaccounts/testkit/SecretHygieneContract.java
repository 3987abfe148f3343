package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.mail.Mail;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.service.internal.TokenEffect;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.AppPasswordCreated;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenFormat;
import dev.pdsaccounts.token.EmailTokenPurpose;
import org.junit.jupiter.api.Test;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Secret hygiene, end to end over the adapter under test: a full pass of the use cases (create account, login,
 * refresh, app passwords, password reset, email tokens, admin actions, takedown, deletion), with deliberately
 * wrong inputs along the way and a failing event listener, while every {@code java.util.logging} record (root
 * logger at {@code ALL}; {@code System.Logger} routes there by default, and the library's SLF4J loggers through
 * the {@code slf4j-jdk14} provider this testkit brings) and everything written to {@code System.out}/{@code
 * System.err} is captured. Then no password, password or token hash, JWT secret, access or refresh token (nor
 * its signature), app password, email token or private key may appear in: the {@code toString()} of any value
 * returned or stored, any exception message or {@code toString()} produced during the run, or the captured
 * output; nor may a login identifier (an email) appear in the captured log lines. The pass also checks that the
 * library's log lines (failed logins, takedowns, admin actions, deletions, the listener failure) did reach the
 * capture, so a test classpath whose SLF4J provider bypasses {@code java.util.logging} fails instead of passing
 * unchecked.
 */
public interface SecretHygieneContract extends UseCaseFixture {

    /** The whole pass. */
    @Test
    default void noSecretInToStringsMessagesOrLogs() {
        Capture capture = Capture.start();
        List<Object> values = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        Set<String> secrets = new LinkedHashSet<>();
        try {
            run(tp(), values, errors, secrets);
        } finally {
            capture.stop();
        }
        secrets.removeIf(s -> s == null || s.length() < 8);
        List<String> leaks = new ArrayList<>();
        for (Object v : values) {
            check(leaks, "toString of " + v.getClass().getSimpleName(), String.valueOf(v), secrets);
        }
        for (Throwable t : errors) {
            check(leaks, "exception " + t.getClass().getSimpleName(), t + " / " + t.getMessage(), secrets);
        }
        String logs = capture.text();
        check(leaks, "captured logs and output", logs, secrets);
        for (String identifier : values.stream().filter(v -> v instanceof LoginIdentifier)
                .map(v -> ((LoginIdentifier) v).value()).toList()) {
            if (logs.contains(identifier)) {
                leaks.add("captured logs and output contain a login identifier starting "
                        + identifier.substring(0, 4) + "...");
            }
        }
        for (String line : EXPECTED_LOG_LINES) {
            assertTrue(logs.contains(line), "the library's log line \"" + line + "\" did not reach the capture: the "
                    + "test classpath must route SLF4J to java.util.logging (org.slf4j:slf4j-jdk14, and no other "
                    + "SLF4J provider)");
        }
        assertTrue(errors.size() >= 10, "the pass provokes errors: " + errors.size());
        assertTrue(secrets.size() >= 15, "the pass collects secrets: " + secrets.size());
        assertTrue(leaks.isEmpty(), "secrets leaked:\n" + String.join("\n", leaks));
    }

    /** Log lines the pass must produce (the start of each message), proving the library's loggers are captured. */
    List<String> EXPECTED_LOG_LINES = List.of("login failed: wrong password for account",
            "login failed: no account for the", "login refused: account", "admin: takedown of",
            "admin: password of", "admin: handle of", "admin: account", "deleted by its owner",
            "account event listener failed");

    /** A login identifier used in the pass, which the logs must not name. */
    record LoginIdentifier(String value) {
    }

    private static void check(List<String> leaks, String where, String text, Set<String> secrets) {
        for (String s : secrets) {
            if (text.contains(s)) {
                leaks.add(where + " contains a secret starting " + s.substring(0, 4) + "...");
            }
        }
    }

    private static void run(TestPds tp, List<Object> values, List<Throwable> errors, Set<String> secrets) {
        PdsAccounts pds = tp.pds();
        secrets.add(HexFormat.of().formatHex(tp.secrets().jwtSecret()));
        secrets.add(new String(tp.secrets().jwtSecret(), StandardCharsets.ISO_8859_1));
        secrets.add(tp.secrets().plcRotationKey().privateKeyHex());
        values.add(pds);
        values.add(tp.secrets());
        values.add(pds.config());
        values.add(pds.sessions());
        values.add(pds.appPasswords());
        values.add(pds.rateLimiter());

        String name = TestPds.randomName();
        String email = name + "@mail.test";
        String password = "first-Secret-pw-" + name;
        secrets.add(password);
        CreateAccountInput input = CreateAccountInput.builder().handle(name + TestPds.DOMAIN).email(email)
                .password(password).inviteCode(tp.inviteCode()).build();
        values.add(input);
        CreateAccountOutput created = pds.accounts().createAccount(input);
        String did = created.did();
        values.add(created);
        addJwt(secrets, created.accessJwt());
        addJwt(secrets, created.refreshJwt());

        // Wrong inputs with secret-looking values.
        expectError(errors, () -> pds.accounts().createAccount(CreateAccountInput.builder()
                .handle(name + TestPds.DOMAIN).email(email).password(password).inviteCode(tp.inviteCode()).build()));
        expectError(errors, () -> pds.accounts().createAccount(CreateAccountInput.builder()
                .handle("x" + name + TestPds.DOMAIN).email("x" + email).password(password + "x".repeat(300))
                .inviteCode(tp.inviteCode()).build()));
        expectError(errors, () -> pds.sessions().createSession(CreateSessionInput.of(created.handle(), password + "-wrong")));
        expectError(errors, () -> pds.sessions().createSession(CreateSessionInput.of(password, password)));
        expectError(errors, () -> pds.sessions().createSession(CreateSessionInput.of(created.handle(), password + "y".repeat(600))));

        SessionOutput login = pds.sessions().createSession(CreateSessionInput.of(created.handle(), password));
        values.add(login);
        addJwt(secrets, login.accessJwt());
        addJwt(secrets, login.refreshJwt());
        values.add(pds.sessions().getSession("Bearer " + login.accessJwt()));
        values.add(pds.sessions().verifyAccessToken(login.accessJwt(), Scope.STANDARD));
        expectError(errors, () -> pds.sessions().getSession(login.refreshJwt()));
        expectError(errors, () -> pds.sessions().verifyAccessToken(login.accessJwt() + "x", Scope.STANDARD));
        expectError(errors, () -> pds.sessions().refreshSession(login.accessJwt()));
        SessionOutput refreshed = pds.sessions().refreshSession(login.refreshJwt());
        values.add(refreshed);
        addJwt(secrets, refreshed.accessJwt());
        addJwt(secrets, refreshed.refreshJwt());
        expectError(errors, () -> pds.sessions().refreshSession(refreshed.refreshJwt().substring(1)));

        AppPasswordCreated app = pds.appPasswords().createAppPassword(did, "my app", true);
        values.add(app);
        secrets.add(app.password());
        values.add(pds.appPasswords().listAppPasswords(did));
        expectError(errors, () -> pds.appPasswords().createAppPassword(did, "my app", false));
        values.add(new LoginIdentifier(email));
        SessionOutput appLogin = pds.sessions().createSession(CreateSessionInput.of(email, app.password()));
        values.add(appLogin);
        addJwt(secrets, appLogin.accessJwt());
        addJwt(secrets, appLogin.refreshJwt());
        expectError(errors, () -> pds.sessions().createSession(CreateSessionInput.of(email, app.password() + "z")));

        // Email tokens.
        pds.email().requestEmailConfirmation(did);
        String confirm = mailed(tp, email, MailTemplate.CONFIRM_EMAIL, secrets, values);
        expectError(errors, () -> pds.email().confirmEmail(did, "other" + email, confirm));
        expectError(errors, () -> pds.email().confirmEmail(did, email, flip(confirm)));
        pds.email().confirmEmail(did, email, confirm);
        boolean tokenRequired = pds.email().requestEmailUpdate(did);
        assertTrue(tokenRequired);
        String update = mailed(tp, email, MailTemplate.UPDATE_EMAIL, secrets, values);
        expectError(errors, () -> pds.email().updateEmail(did, "new" + email, Optional.of(flip(update))));
        String email2 = "new" + email;
        pds.email().updateEmail(did, email2, Optional.of(update));

        pds.email().requestPasswordReset(email2);
        String reset = mailed(tp, email2, MailTemplate.RESET_PASSWORD, secrets, values);
        String password2 = "second-Secret-pw-" + name;
        secrets.add(password2);
        expectError(errors, () -> pds.email().resetPassword(flip(reset), password2));
        expectError(errors, () -> pds.email().resetPassword(reset, password2 + "p".repeat(300)));
        pds.email().resetPassword(reset, password2);
        expectError(errors, () -> pds.email().resetPassword(reset, password2));
        expectError(errors, () -> pds.sessions().refreshSession(refreshed.refreshJwt()));
        pds.admin().updateAccountPassword(did, password2 + "!");
        secrets.add(password2 + "!");
        expectError(errors, () -> pds.admin().updateAccountPassword(did, password2 + "q".repeat(300)));
        expectError(errors, () -> pds.email().consumeToken(EmailTokenPurpose.RESET_PASSWORD, did, reset));
        values.add(new TokenEffect.SetPassword(tp.hasher().hash(password2)));

        // What the store holds: every row's toString, every secret column collected.
        collectStored(tp, did, values, secrets);

        // Admin actions, a takedown (and the login it refuses) and a failing event listener: all logged.
        values.add(new LoginIdentifier(email2));
        tp.events().failing(true);
        try {
            pds.admin().updateSubjectStatus(did, Optional.of(true), Optional.of("mod-ticket-1"), Optional.empty());
        } finally {
            tp.events().failing(false);
        }
        expectError(errors, () -> pds.sessions().createSession(CreateSessionInput.of(email2, password2 + "!")));
        pds.admin().updateSubjectStatus(did, Optional.of(false), Optional.empty(), Optional.empty());
        pds.admin().updateAccountHandle(did, "h" + name + TestPds.DOMAIN);
        String otherName = TestPds.randomName();
        String otherPassword = "other-Secret-pw-" + otherName;
        secrets.add(otherPassword);
        String other = pds.accounts().createAccount(CreateAccountInput.builder().handle(otherName + TestPds.DOMAIN)
                .email(otherName + "@mail.test").password(otherPassword).inviteCode(tp.inviteCode()).build()).did();
        values.add(new LoginIdentifier(otherName + "@mail.test"));
        expectError(errors, () -> pds.sessions().createSession(
                CreateSessionInput.of(otherName + "@mail.test", otherPassword + "-wrong")));
        expectError(errors, () -> pds.sessions().createSession(
                CreateSessionInput.of("nobody-" + otherName + "@mail.test", otherPassword)));
        values.add(new LoginIdentifier("nobody-" + otherName + "@mail.test"));
        pds.admin().deleteAccount(other);

        pds.email().requestAccountDelete(did);
        String delete = mailed(tp, email2, MailTemplate.DELETE_ACCOUNT, secrets, values);
        collectStored(tp, did, values, secrets);
        expectError(errors, () -> pds.email().deleteAccount(did, password2, delete));
        expectError(errors, () -> pds.email().deleteAccount(did, password2 + "!", flip(delete)));
        pds.email().deleteAccount(did, password2 + "!", delete);
        expectError(errors, () -> pds.sessions().createSession(CreateSessionInput.of(email2, password2 + "!")));
        values.addAll(tp.mailer().mails());
    }

    private static void collectStored(TestPds tp, String did, List<Object> values, Set<String> secrets) {
        Account a = tp.store().findAccountByDid(did).orElseThrow();
        values.add(a);
        a.passwordHash().ifPresent(h -> addHash(secrets, h));
        a.signingKey().ifPresent(secrets::add);
        for (RefreshToken t : tp.store().refreshTokensOf(did)) {
            values.add(t);
        }
        for (AppPassword p : tp.store().appPasswordsOf(did)) {
            values.add(p);
            addHash(secrets, p.passwordHash());
        }
        for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
            Optional<EmailToken> t = tp.store().findEmailToken(purpose, did);
            t.ifPresent(values::add);
            t.ifPresent(e -> secrets.add(e.tokenHash()));
        }
    }

    private static String mailed(TestPds tp, String email, MailTemplate template, Set<String> secrets,
                                 List<Object> values) {
        Mail mail = tp.mailer().latest(email, template).orElseThrow();
        values.add(mail);
        secrets.add(mail.token());
        secrets.add(mail.token().replace("-", ""));
        secrets.add(EmailTokenFormat.hash(mail.token()));
        return mail.token();
    }

    /** A token with one character changed (so it is wrong but secret-looking). */
    private static String flip(String token) {
        char c = token.charAt(0) == 'A' ? 'B' : 'A';
        return c + token.substring(1);
    }

    private static void addJwt(Set<String> secrets, String jwt) {
        secrets.add(jwt);
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            secrets.add(parts[2]);
        }
    }

    private static void addHash(Set<String> secrets, String hash) {
        secrets.add(hash);
        int cut = Math.max(hash.lastIndexOf('$'), hash.lastIndexOf(':'));
        if (cut >= 0 && hash.length() - cut > 12) {
            secrets.add(hash.substring(cut + 1));
        }
    }

    private static void expectError(List<Throwable> errors, Runnable call) {
        LexiconException e = assertThrows(LexiconException.class, call::run);
        errors.add(e);
    }

    /** Captures JUL records (root at ALL) and System.out/err, restoring everything on {@link #stop()}. */
    final class Capture {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final Logger root = Logger.getLogger("");
        // The library's own loggers are captured at every level; third-party loggers (JDBC drivers) keep their
        // configured level, since their FINEST traces (e.g. pgjdbc's query parameters) are never on in service.
        private final Logger library = Logger.getLogger("dev.pdsaccounts");
        private final Level libraryLevel = library.getLevel();
        private final Handler handler;

        private Capture() {
            SimpleFormatter formatter = new SimpleFormatter();
            handler = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    synchronized (buffer) {
                        buffer.writeBytes(formatter.format(r).getBytes(StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            handler.setLevel(Level.ALL);
        }

        static Capture start() {
            Capture c = new Capture();
            c.root.addHandler(c.handler);
            c.library.setLevel(Level.ALL);
            System.setOut(new PrintStream(c.tee(c.out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(c.tee(c.err), true, StandardCharsets.UTF_8));
            return c;
        }

        private OutputStream tee(PrintStream original) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (buffer) {
                        buffer.write(b);
                    }
                    original.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (buffer) {
                        buffer.write(b, off, len);
                    }
                    original.write(b, off, len);
                }
            };
        }

        void stop() {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            library.setLevel(libraryLevel);
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
