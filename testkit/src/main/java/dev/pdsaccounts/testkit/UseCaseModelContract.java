package dev.pdsaccounts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.pdsaccounts.session.CreateSessionInput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.mail.MailTemplate;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Model-based test over the use cases, end to end over the adapter under test: random sequences of operations
 * (create invites and accounts with colliding handles and emails, login, refresh, logout, password reset,
 * email confirmation, password change, deactivation, takedown, deletion, clock moves past grace periods and
 * token lifetimes) run against the library and, step by step, against a small reference model. After every
 * step the outcome (success, or the lexicon error name) must be the model's, and the store must satisfy the
 * invariants: one account per normalised handle and email, invite uses within what the code allows and equal
 * to the model's, deleted accounts leave no account, session or email token, no revoked refresh token is
 * accepted (logout revokes the whole chain; a rotated token only lives out its grace period). A failure names
 * the seed ({@code -Dpdsaccounts.props.seed=N} replays) and the steps so far.
 *
 * <p>A concurrent mode runs random operations on shared accounts from several threads, then checks the final
 * state: invariants hold, every successful creation is present unless deleted, no invite is overspent, and
 * concurrent refreshes of one token all got the same successor (single-successor chains).
 *
 * <p>Sizes: {@link #modelSequences()} × {@link #modelSteps()} (200 × 50; 10,000 × 200 in the long mode), cut
 * short by {@link #modelBudget()} on slow adapters.
 */
public interface UseCaseModelContract extends UseCaseFixture {

    /** {@return how many random sequences the sequential run checks (200; 10,000 in the long mode)} */
    default int modelSequences() {
        return Fuzzer.longMode() ? 10_000 : 200;
    }

    /** {@return how many steps each sequence has (50; 200 in the long mode)} */
    default int modelSteps() {
        return Fuzzer.longMode() ? 200 : 50;
    }

    /** {@return the most the sequential run may take (a slow adapter stops early; the count reached is printed)} */
    default Duration modelBudget() {
        return Fuzzer.longMode() ? Duration.ofHours(3) : Duration.ofSeconds(90);
    }

    /**
     * Random sequences of use-case calls give, step by step, the outcome (success or lexicon error) of the
     * reference model, and the store keeps the invariants after every step.
     */
    @Test
    default void useCasesAgreeWithTheModel() {
        long base = Fuzzer.seed();
        long deadline = System.nanoTime() + modelBudget().toNanos();
        int i = 0;
        for (; i < modelSequences() && System.nanoTime() < deadline; i++) {
            long seed = base + i;
            ModelRun run = new ModelRun(tp(), new SplittableRandom(seed));
            try {
                for (int s = 0; s < modelSteps(); s++) {
                    run.step();
                    run.checkInvariants();
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("model run failed; replay with -Dpdsaccounts.props.seed=" + seed
                        + " (sequence " + i + ")\nsteps:\n" + String.join("\n", run.log), e);
            }
        }
        System.out.println("model: " + i + " sequences x " + modelSteps() + " steps, seed " + base);
    }

    /**
     * Six threads run random sign-ups (colliding handles and emails, shared invite codes), refreshes of one
     * shared token and logins; afterwards every successful sign-up is stored and the only holder of its handle
     * and email, no invite code has more uses than it allows, and the shared token has a single successor.
     */
    @Test
    default void concurrentUseCasesKeepTheInvariants() {
        long base = Fuzzer.seed();
        int rounds = Fuzzer.longMode() ? 200 : 10;
        for (int round = 0; round < rounds; round++) {
            long seed = base + round;
            try {
                concurrentRound(tp(), seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("concurrent model round failed; replay with -Dpdsaccounts.props.seed="
                        + seed, e);
            }
        }
        System.out.println("model concurrent: " + rounds + " rounds, seed " + base);
    }

    private static void concurrentRound(TestPds tp, long seed) {
        PdsAccounts pds = tp.pds();
        String prefix = "c" + StoreFixtures.randomBase32(6);
        List<String> codes = new ArrayList<>();
        Map<String, Integer> available = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            int uses = 1 + i;
            String code = pds.invites().createInviteCode(uses, Optional.empty());
            codes.add(code);
            available.put(code, uses);
        }
        // Two shared sessions to refresh concurrently.
        CreateAccountOutput shared = pds.accounts().createAccount(CreateAccountInput.builder()
                .handle(prefix + "s" + TestPds.DOMAIN).email(prefix + "s@mail.test").password(TestPds.PASSWORD)
                .inviteCode(pds.invites().createInviteCode(1, Optional.empty())).build());
        String sharedRefresh = shared.refreshJwt();
        Map<String, String> createdByHandle = new ConcurrentHashMap<>();
        Map<String, String> codeOfDid = new ConcurrentHashMap<>();
        List<String> successorJtis = new CopyOnWriteArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        int threads = 6;
        List<Runnable> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom r = new SplittableRandom(seed * 31 + t);
            tasks.add(() -> {
                for (int i = 0; i < 8; i++) {
                    try {
                        switch (r.nextInt(3)) {
                            case 0 -> {
                                String h = prefix + "h" + r.nextInt(4) + TestPds.DOMAIN;
                                String code = codes.get(r.nextInt(codes.size()));
                                CreateAccountOutput out = pds.accounts().createAccount(CreateAccountInput.builder()
                                        .handle(h).email(prefix + "e" + r.nextInt(4) + "@mail.test")
                                        .password(TestPds.PASSWORD).inviteCode(code).build());
                                assertTrue(createdByHandle.putIfAbsent(out.handle(), out.did()) == null,
                                        "two creations got handle " + out.handle());
                                codeOfDid.put(out.did(), code);
                            }
                            case 1 -> {
                                SessionOutput out = pds.sessions().refreshSession(sharedRefresh);
                                successorJtis.add(tp.sessionTokens()
                                        .verifyRefreshToken(out.refreshJwt(), false).jti());
                            }
                            default -> pds.sessions().createSession(CreateSessionInput.of(shared.handle(), TestPds.PASSWORD));
                        }
                    } catch (LexiconException expected) {
                        // a lost race or a taken handle: the final state decides
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            });
        }
        try (Race race = new Race(threads)) {
            race.run(i -> () -> {
                tasks.get(i).run();
                return null;
            });
        }
        assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected);
        // Every successful creation is present, with its handle, and the only holder of its email.
        Set<String> emails = new HashSet<>();
        for (Map.Entry<String, String> e : createdByHandle.entrySet()) {
            Account a = tp.store().findAccountByDid(e.getValue()).orElseThrow();
            assertEquals(e.getKey(), a.handle());
            assertEquals(e.getValue(), tp.store().findAccountByHandle(e.getKey()).orElseThrow().did());
            String email = a.email().orElseThrow();
            assertTrue(emails.add(email), "email held twice: " + email);
            assertEquals(a.did(), tp.store().findAccountByEmail(email).orElseThrow().did());
        }
        // No invite overspent; uses are exactly the successful creations with that code.
        for (String code : codes) {
            InviteCodeDetails d = tp.store().findInviteCode(code).orElseThrow();
            long used = codeOfDid.values().stream().filter(code::equals).count();
            assertEquals(used, d.uses().size(), "uses of " + code);
            assertTrue(d.uses().size() <= available.get(code), "overspent " + code);
        }
        // Single successor: every concurrent refresh of the one token got the same next token id.
        assertTrue(new HashSet<>(successorJtis).size() <= 1, "refresh successors " + successorJtis);
        Map<String, String> nextOwner = new HashMap<>();
        for (RefreshToken t : tp.store().refreshTokensOf(shared.did())) {
            if (t.nextId().isPresent()) {
                String prev = nextOwner.put(t.nextId().get(), t.id());
                assertTrue(prev == null, "two rows name successor " + t.nextId().get());
            }
        }
    }

    /** One random sequence: the library, the model, and the step log. */
    final class ModelRun {
        private final TestPds tp;
        private final PdsAccounts pds;
        private final SplittableRandom r;
        private final String prefix = "m" + StoreFixtures.randomBase32(6);
        private final long baselineAccounts;
        final List<String> log = new ArrayList<>();

        /** Model state. */
        private final Map<String, MAccount> accounts = new LinkedHashMap<>();
        private final Map<String, int[]> codes = new LinkedHashMap<>(); // code -> {available, used}
        private final Map<String, MToken> tokens = new LinkedHashMap<>(); // jti -> token
        private final Set<String> deleted = new HashSet<>();
        private final List<String> knownPasswords = new ArrayList<>(List.of("pw-one", "pw-two", "pw-three"));

        ModelRun(TestPds tp, SplittableRandom r) {
            this.tp = tp;
            this.pds = tp.pds();
            this.r = r;
            this.baselineAccounts = tp.store().countAccounts();
        }

        private static final class MAccount {
            String did;
            String handle;
            String email;
            String password;
            boolean takenDown;
            boolean deactivated;
            final Map<EmailTokenPurpose, String> emailTokens = new HashMap<>();
            final Map<EmailTokenPurpose, Instant> requestedAt = new HashMap<>();
            final Set<String> staleTokens = new HashSet<>();
        }

        private static final class MToken {
            final String did;
            final String jwt;
            String next;
            Instant graceUntil;
            boolean revoked;

            MToken(String did, String jwt) {
                this.did = did;
                this.jwt = jwt;
            }
        }

        void step() {
            switch (r.nextInt(15)) {
                case 0, 1 -> createInvite();
                case 2, 3, 4 -> createAccount();
                case 5, 6 -> login();
                case 7, 8 -> refresh();
                case 9 -> logout();
                case 10 -> passwordReset();
                case 11 -> changePasswordOrStatus();
                case 12 -> deleteAccount();
                case 13 -> confirmEmail();
                default -> advanceClock();
            }
        }

        private <T> Optional<LexiconError> call(String what, Supplier<T> call, java.util.function.Consumer<T> ok) {
            try {
                T v = call.get();
                log.add(what + " -> ok");
                ok.accept(v);
                return Optional.empty();
            } catch (LexiconException e) {
                log.add(what + " -> " + e.errorName());
                return Optional.of(e.error());
            }
        }

        private void expect(Optional<LexiconError> expected, Optional<LexiconError> actual) {
            assertEquals(expected, actual, "outcome of " + log.get(log.size() - 1));
        }

        private MAccount anyAccount() {
            List<MAccount> all = new ArrayList<>(accounts.values());
            return all.isEmpty() ? null : all.get(r.nextInt(all.size()));
        }

        private void createInvite() {
            int uses = 1 + r.nextInt(2);
            String code = pds.invites().createInviteCode(uses, Optional.empty());
            log.add("createInviteCode(" + uses + ") -> " + code);
            codes.put(code, new int[] {uses, 0});
        }

        private void createAccount() {
            String handle = prefix + "h" + r.nextInt(5) + (r.nextBoolean() ? TestPds.DOMAIN : ".TEST");
            String email = prefix + "e" + r.nextInt(5) + (r.nextBoolean() ? "@mail.test" : "@MAIL.test");
            String password = knownPasswords.get(r.nextInt(knownPasswords.size()));
            List<String> all = new ArrayList<>(codes.keySet());
            String code = all.isEmpty() || r.nextInt(6) == 0 ? prefix + "-nope-nope" : all.get(r.nextInt(all.size()));
            String h = handle.toLowerCase(java.util.Locale.ROOT);
            String e = email.toLowerCase(java.util.Locale.ROOT);
            Optional<LexiconError> expected;
            int[] c = codes.get(code);
            if (c == null || c[1] >= c[0]) {
                expected = Optional.of(LexiconError.INVALID_INVITE_CODE);
            } else if (accounts.values().stream().anyMatch(a -> a.handle.equals(h))) {
                expected = Optional.of(LexiconError.HANDLE_NOT_AVAILABLE);
            } else if (accounts.values().stream().anyMatch(a -> a.email.equals(e))) {
                expected = Optional.of(LexiconError.INVALID_REQUEST);
            } else {
                expected = Optional.empty();
            }
            Optional<LexiconError> actual = call("createAccount(" + handle + ", " + email + ", " + code + ")",
                    () -> pds.accounts().createAccount(CreateAccountInput.builder().handle(handle).email(email)
                            .password(password).inviteCode(code).build()),
                    out -> {
                        MAccount a = new MAccount();
                        a.did = out.did();
                        a.handle = h;
                        a.email = e;
                        a.password = password;
                        accounts.put(a.did, a);
                        c[1]++;
                        track(out.did(), out.refreshJwt());
                    });
            expect(expected, actual);
        }

        private void track(String did, String refreshJwt) {
            String jti = tp.sessionTokens().verifyRefreshToken(refreshJwt, false).jti();
            tokens.put(jti, new MToken(did, refreshJwt));
        }

        private void login() {
            MAccount a = anyAccount();
            if (a == null) {
                return;
            }
            boolean right = r.nextInt(4) != 0;
            String password = right ? a.password : a.password + "x";
            String id = switch (r.nextInt(3)) {
                case 0 -> a.handle.toUpperCase(java.util.Locale.ROOT);
                case 1 -> a.email;
                default -> a.did;
            };
            Optional<LexiconError> expected = !right ? Optional.of(LexiconError.AUTHENTICATION_REQUIRED)
                    : a.takenDown ? Optional.of(LexiconError.ACCOUNT_TAKEDOWN) : Optional.empty();
            Optional<LexiconError> actual = call("createSession(" + id + ", " + (right ? "right" : "wrong") + ")",
                    () -> pds.sessions().createSession(CreateSessionInput.of(id, password)), out -> {
                        assertEquals(a.did, out.did());
                        assertEquals(!a.deactivated, out.active());
                        track(out.did(), out.refreshJwt());
                    });
            expect(expected, actual);
        }

        private MToken anyToken() {
            List<MToken> all = new ArrayList<>(tokens.values());
            return all.isEmpty() ? null : all.get(r.nextInt(all.size()));
        }

        private String jtiOf(MToken t) {
            return tokens.entrySet().stream().filter(e -> e.getValue() == t).findFirst().orElseThrow().getKey();
        }

        private void refresh() {
            MToken t = anyToken();
            if (t == null) {
                return;
            }
            String jti = jtiOf(t);
            Instant now = tp.clock().instant();
            MAccount a = accounts.get(t.did);
            Optional<LexiconError> expected;
            if (a == null) {
                expected = Optional.of(LexiconError.INVALID_REQUEST);
            } else if (a.takenDown) {
                expected = Optional.of(LexiconError.ACCOUNT_TAKEDOWN);
            } else if (t.revoked) {
                expected = Optional.of(LexiconError.EXPIRED_TOKEN);
            } else {
                // The refresh sweeps the account's rows whose (grace) expiry has passed, this one included.
                for (MToken o : tokens.values()) {
                    if (o.did.equals(t.did) && o.next != null && !now.isBefore(o.graceUntil)) {
                        o.revoked = true;
                    }
                }
                expected = t.revoked ? Optional.of(LexiconError.EXPIRED_TOKEN) : Optional.empty();
            }
            Optional<LexiconError> actual = call("refreshSession(" + jti + ")",
                    () -> pds.sessions().refreshSession(t.jwt), out -> {
                        String nextJti = tp.sessionTokens().verifyRefreshToken(out.refreshJwt(), false)
                                .jti();
                        if (t.next == null) {
                            t.next = nextJti;
                            t.graceUntil = now.plus(pds.config().refreshGracePeriod());
                            tokens.put(nextJti, new MToken(t.did, out.refreshJwt()));
                        } else {
                            assertEquals(t.next, nextJti, "a rotated token refreshes to its one successor");
                        }
                    });
            expect(expected, actual);
        }

        private void logout() {
            MToken t = anyToken();
            if (t == null) {
                return;
            }
            Optional<LexiconError> actual = call("deleteSession(" + jtiOf(t) + ")",
                    () -> {
                        pds.sessions().deleteSession(t.jwt);
                        return null;
                    }, v -> revokeChain(t));
            expect(Optional.empty(), actual);
        }

        /**
         * Logout as the library defines it over the rows that still exist: walk back from the presented token
         * through existing predecessors to the chain's first existing row, then delete forward along successor
         * links while rows exist. (The reference deletes the presented row only; this library revokes the chain.)
         */
        private void revokeChain(MToken start) {
            String root = jtiOf(start);
            Set<String> seen = new HashSet<>();
            while (seen.add(root)) {
                String current = root;
                Optional<String> predecessor = tokens.entrySet().stream()
                        .filter(e -> !e.getValue().revoked && e.getValue().did.equals(start.did)
                                && current.equals(e.getValue().next))
                        .map(Map.Entry::getKey).findFirst();
                if (predecessor.isEmpty()) {
                    break;
                }
                root = predecessor.get();
            }
            MToken cursor = tokens.get(root);
            Set<MToken> visited = new HashSet<>();
            while (cursor != null && !cursor.revoked && visited.add(cursor)) {
                cursor.revoked = true;
                cursor = cursor.next == null ? null : tokens.get(cursor.next);
            }
        }

        private void revokeAll(String did) {
            tokens.values().stream().filter(t -> t.did.equals(did)).forEach(t -> t.revoked = true);
        }

        private void passwordReset() {
            MAccount a = anyAccount();
            if (a == null) {
                return;
            }
            if (r.nextBoolean() || !a.emailTokens.containsKey(EmailTokenPurpose.RESET_PASSWORD)) {
                Optional<LexiconError> actual = call("requestPasswordReset(" + a.email + ")", () -> {
                    pds.email().requestPasswordReset(a.email.toUpperCase(java.util.Locale.ROOT));
                    return null;
                }, v -> issued(a, EmailTokenPurpose.RESET_PASSWORD, MailTemplate.RESET_PASSWORD));
                expect(Optional.empty(), actual);
                return;
            }
            String token = pickToken(a, EmailTokenPurpose.RESET_PASSWORD);
            String newPassword = knownPasswords.get(r.nextInt(knownPasswords.size())) + "-" + r.nextInt(3);
            Optional<LexiconError> expected = tokenOutcome(a, EmailTokenPurpose.RESET_PASSWORD, token);
            Optional<LexiconError> actual = call("resetPassword(" + token + ")", () -> {
                pds.email().resetPassword(token, newPassword);
                return null;
            }, v -> {
                a.password = newPassword;
                consume(a, EmailTokenPurpose.RESET_PASSWORD);
                revokeAll(a.did);
            });
            expect(expected, actual);
        }

        private void confirmEmail() {
            MAccount a = anyAccount();
            if (a == null) {
                return;
            }
            if (a.takenDown) {
                return; // takedown answers before the token; covered elsewhere
            }
            if (r.nextBoolean() || !a.emailTokens.containsKey(EmailTokenPurpose.CONFIRM_EMAIL)) {
                Optional<LexiconError> actual = call("requestEmailConfirmation(" + a.did + ")", () -> {
                    pds.email().requestEmailConfirmation(a.did);
                    return null;
                }, v -> issued(a, EmailTokenPurpose.CONFIRM_EMAIL, MailTemplate.CONFIRM_EMAIL));
                expect(Optional.empty(), actual);
                return;
            }
            String token = pickToken(a, EmailTokenPurpose.CONFIRM_EMAIL);
            Optional<LexiconError> expected = tokenOutcome(a, EmailTokenPurpose.CONFIRM_EMAIL, token);
            Optional<LexiconError> actual = call("confirmEmail(" + a.did + ", " + token + ")", () -> {
                pds.email().confirmEmail(a.did, a.email, token);
                return null;
            }, v -> consume(a, EmailTokenPurpose.CONFIRM_EMAIL));
            expect(expected, actual);
        }

        private void issued(MAccount a, EmailTokenPurpose purpose, MailTemplate template) {
            String old = a.emailTokens.get(purpose);
            if (old != null) {
                a.staleTokens.add(old);
            }
            a.emailTokens.put(purpose, tp.mailer().latest(a.email, template).orElseThrow().token());
            a.requestedAt.put(purpose, tp.clock().instant());
        }

        private void consume(MAccount a, EmailTokenPurpose purpose) {
            a.staleTokens.add(a.emailTokens.remove(purpose));
            a.requestedAt.remove(purpose);
        }

        private String pickToken(MAccount a, EmailTokenPurpose purpose) {
            String live = a.emailTokens.get(purpose);
            return switch (r.nextInt(5)) {
                case 0 -> a.staleTokens.isEmpty() ? "AAAAA-AAAAA" : a.staleTokens.iterator().next();
                case 1 -> "ZZZZZ-ZZZZZ";
                case 2 -> live.toLowerCase(java.util.Locale.ROOT);
                default -> live;
            };
        }

        private Optional<LexiconError> tokenOutcome(MAccount a, EmailTokenPurpose purpose, String token) {
            String live = a.emailTokens.get(purpose);
            if (live == null || !live.equalsIgnoreCase(token)) {
                return Optional.of(LexiconError.INVALID_TOKEN);
            }
            Instant expiry = a.requestedAt.get(purpose).plus(pds.config().emailTokenTtl());
            return tp.clock().instant().isBefore(expiry) ? Optional.empty() : Optional.of(LexiconError.EXPIRED_TOKEN);
        }

        private void changePasswordOrStatus() {
            MAccount a = anyAccount();
            if (a == null) {
                return;
            }
            switch (r.nextInt(4)) {
                case 0 -> {
                    String pw = "admin-set-" + r.nextInt(3);
                    expect(Optional.empty(), call("updateAccountPassword(" + a.did + ")", () -> {
                        pds.admin().updateAccountPassword(a.did, pw);
                        return null;
                    }, v -> {
                        a.password = pw;
                        revokeAll(a.did);
                        if (a.emailTokens.containsKey(EmailTokenPurpose.RESET_PASSWORD)) {
                            consume(a, EmailTokenPurpose.RESET_PASSWORD); // a password change deletes it
                        }
                    }));
                }
                case 1 -> {
                    boolean apply = !a.takenDown;
                    expect(Optional.empty(), call("takedown(" + a.did + ", " + apply + ")",
                            () -> pds.admin().updateSubjectStatus(a.did, Optional.of(apply), Optional.empty(),
                                    Optional.empty()), v -> {
                                a.takenDown = apply;
                                if (apply) {
                                    revokeAll(a.did);
                                }
                            }));
                }
                case 2 -> expect(Optional.empty(), call("deactivateAccount(" + a.did + ")", () -> {
                    pds.accounts().deactivateAccount(a.did, Optional.empty());
                    return null;
                }, v -> a.deactivated = true));
                default -> {
                    if (a.takenDown) {
                        return;
                    }
                    expect(Optional.empty(), call("activateAccount(" + a.did + ")", () -> {
                        pds.identity().activateAccount(a.did);
                        return null;
                    }, v -> a.deactivated = false));
                }
            }
        }

        private void deleteAccount() {
            MAccount a = anyAccount();
            if (a == null) {
                return;
            }
            if (r.nextInt(3) == 0) {
                expect(Optional.empty(), call("admin.deleteAccount(" + a.did + ")",
                        () -> pds.admin().deleteAccount(a.did), v -> gone(a)));
                return;
            }
            if (a.takenDown || !a.emailTokens.containsKey(EmailTokenPurpose.DELETE_ACCOUNT) || r.nextBoolean()) {
                Optional<LexiconError> expected = a.takenDown ? Optional.of(LexiconError.ACCOUNT_TAKEDOWN)
                        : Optional.empty();
                expect(expected, call("requestAccountDelete(" + a.did + ")", () -> {
                    pds.email().requestAccountDelete(a.did);
                    return null;
                }, v -> issued(a, EmailTokenPurpose.DELETE_ACCOUNT, MailTemplate.DELETE_ACCOUNT)));
                return;
            }
            boolean right = r.nextInt(4) != 0;
            String token = pickToken(a, EmailTokenPurpose.DELETE_ACCOUNT);
            Optional<LexiconError> expected = right ? tokenOutcome(a, EmailTokenPurpose.DELETE_ACCOUNT, token)
                    : Optional.of(LexiconError.AUTHENTICATION_REQUIRED);
            expect(expected, call("deleteAccount(" + a.did + ", " + (right ? "right" : "wrong") + ", " + token + ")",
                    () -> {
                        pds.email().deleteAccount(a.did, right ? a.password : a.password + "!", token);
                        return null;
                    }, v -> gone(a)));
        }

        private void gone(MAccount a) {
            accounts.remove(a.did);
            deleted.add(a.did);
            revokeAll(a.did);
        }

        private void advanceClock() {
            Duration d = switch (r.nextInt(3)) {
                case 0 -> Duration.ofMinutes(10);
                case 1 -> Duration.ofMinutes(20);
                default -> Duration.ofHours(3);
            };
            tp.clock().advance(d);
            log.add("clock +" + d);
        }

        void checkInvariants() {
            var store = tp.store();
            assertEquals(baselineAccounts + accounts.size(), store.countAccounts(), "account count");
            for (MAccount a : accounts.values()) {
                Account s = store.findAccountByDid(a.did).orElseThrow(() -> new AssertionError("missing " + a.did));
                assertEquals(a.handle, s.handle());
                assertEquals(Optional.of(a.email), s.email());
                assertEquals(a.takenDown, s.isTakenDown());
                assertEquals(a.deactivated, s.deactivatedAt().isPresent());
                assertEquals(a.did, store.findAccountByHandle(a.handle).orElseThrow().did(), "handle holder");
                assertEquals(a.did, store.findAccountByEmail(a.email).orElseThrow().did(), "email holder");
            }
            for (String did : deleted) {
                assertTrue(store.findAccountByDid(did).isEmpty(), "deleted account present " + did);
                assertTrue(store.refreshTokensOf(did).isEmpty(), "deleted account's sessions " + did);
                for (EmailTokenPurpose p : EmailTokenPurpose.values()) {
                    assertTrue(store.findEmailToken(p, did).isEmpty(), "deleted account's email token " + did);
                }
            }
            for (Map.Entry<String, int[]> c : codes.entrySet()) {
                InviteCodeDetails d = store.findInviteCode(c.getKey()).orElseThrow();
                assertEquals(c.getValue()[1], d.uses().size(), "uses of " + c.getKey());
                assertTrue(d.uses().size() <= d.code().availableUses(), "overspent " + c.getKey());
            }
        }
    }
}
