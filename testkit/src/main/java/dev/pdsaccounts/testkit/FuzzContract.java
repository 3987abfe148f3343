package dev.pdsaccounts.testkit;

import static dev.pdsaccounts.testkit.FuzzValues.anInt;
import static dev.pdsaccounts.testkit.FuzzValues.around;
import static dev.pdsaccounts.testkit.FuzzValues.list;
import static dev.pdsaccounts.testkit.FuzzValues.nasty;
import static dev.pdsaccounts.testkit.FuzzValues.optional;

import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.identity.KeyAlgorithm;
import dev.pdsaccounts.identity.SigningKeyPair;
import dev.pdsaccounts.service.account.AccountService;
import dev.pdsaccounts.service.admin.AdminService;
import dev.pdsaccounts.service.email.EmailTokenService;
import dev.pdsaccounts.service.identity.IdentityService;
import dev.pdsaccounts.service.invite.InviteService;
import dev.pdsaccounts.service.session.AppPasswordService;
import dev.pdsaccounts.service.session.SessionService;
import dev.pdsaccounts.session.CreateSessionInput;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.token.EmailTokenPurpose;
import org.junit.jupiter.api.Test;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Fuzzing of every public entry point of the facade's services, end to end over the adapter under test:
 * random and mutated inputs (huge strings, control and non-ASCII characters, NUL, lone surrogates, boundary
 * lengths, valid-looking values with one mutation). The only acceptable outcomes are success or a
 * {@code LexiconException} that changed nothing observable; see {@link Fuzzer}. Each area prints
 * {@code fuzz <area>: N inputs, F failures, seed S}; {@code -Dpdsaccounts.props.seed=S} replays.
 *
 * <p>Sizes: {@link #fuzzInputs()} per area ({@value #CI_INPUTS_PER_AREA} by default,
 * {@value #LONG_INPUTS_PER_AREA} with {@code -Dpdsaccounts.test.long=true}), cut short by
 * {@link #fuzzBudget()} on slow adapters (the count reached is printed).
 */
public interface FuzzContract extends UseCaseFixture {
    /** Inputs per area in the default (CI) mode. */
    int CI_INPUTS_PER_AREA = 6_000;
    /** Inputs per area in the long mode. */
    int LONG_INPUTS_PER_AREA = 150_000;
    /**
     * The most seconds one area runs in the default mode. In the CI runs measured on a 2-core machine, the
     * in-memory store ran all {@value #CI_INPUTS_PER_AREA} inputs of every area within it, H2 and SQLite 3,700 to
     * 6,000, PostgreSQL (a network round trip per call) 1,700 to 2,700; every run draws a new seed.
     */
    int CI_SECONDS_PER_AREA = 10;

    /** {@return how many inputs each fuzzed area runs ({@value #CI_INPUTS_PER_AREA}, or {@value #LONG_INPUTS_PER_AREA} in the long mode)} */
    default int fuzzInputs() {
        return Fuzzer.longMode() ? LONG_INPUTS_PER_AREA : CI_INPUTS_PER_AREA;
    }

    /**
     * {@return the most one area may run ({@value #CI_SECONDS_PER_AREA} s by default, 2 hours in the long mode; a
     * slow adapter stops early and the count reached is printed)}
     */
    default Duration fuzzBudget() {
        return Fuzzer.longMode() ? Duration.ofHours(2) : Duration.ofSeconds(CI_SECONDS_PER_AREA);
    }

    /**
     * Runs {@code generator} {@link #fuzzInputs()} times (or until the budget) against a fresh {@link FuzzWorld}.
     *
     * @param area      the printed name
     * @param generator an input from the run's randomness and the world
     */
    private void fuzz(String area, FuzzWorld.Generator generator) {
        FuzzWorld world = new FuzzWorld(tp().store());
        long seed = Fuzzer.seed();
        SplittableRandom r = new SplittableRandom(seed);
        long deadline = System.nanoTime() + fuzzBudget().toNanos();
        try (Fuzzer f = new Fuzzer(area, seed, world::snapshot)) {
            for (int i = 0; i < fuzzInputs() && System.nanoTime() < deadline; i++) {
                FuzzWorld.FuzzCase c = generator.next(r, world);
                Runnable after = c.onSuccess();
                f.input(c.description(), c.call(), () -> {
                    if (after != null) {
                        after.run();
                    }
                    world.resync();
                });
            }
            f.finish();
        }
    }

    // ------------------------------------------------------------------------------------------ values

    private static String did(SplittableRandom r, FuzzWorld w) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> w.did();
            case 2 -> around(r, w.did());
            case 3 -> "did:plc:" + FuzzValues.chars(r, r.nextInt(30), r.nextInt(8));
            case 4 -> around(r, "did:web:example.com");
            default -> nasty(r);
        };
    }

    private static String handle(SplittableRandom r, FuzzWorld w) {
        return switch (r.nextInt(5)) {
            case 0 -> around(r, TestPds.randomName() + TestPds.DOMAIN);
            case 1 -> around(r, w.handle());
            case 2 -> FuzzValues.chars(r, FuzzValues.BOUNDARY_LENGTHS[r.nextInt(12)], r.nextInt(3)) + TestPds.DOMAIN;
            case 3 -> around(r, "alice.example.com");
            default -> nasty(r);
        };
    }

    private static String email(SplittableRandom r, FuzzWorld w) {
        return switch (r.nextInt(5)) {
            case 0 -> around(r, TestPds.randomName() + "@mail.test");
            case 1 -> around(r, w.email());
            case 2 -> FuzzValues.chars(r, FuzzValues.BOUNDARY_LENGTHS[r.nextInt(15)], r.nextInt(8)) + "@x.com";
            case 3 -> "\u03a3".repeat(r.nextInt(3000)) + "@mail.test";
            default -> nasty(r);
        };
    }

    private static String password(SplittableRandom r, FuzzWorld w) {
        return switch (r.nextInt(5)) {
            case 0 -> w.password();
            case 1 -> around(r, w.password());
            case 2 -> FuzzValues.chars(r, FuzzValues.BOUNDARY_LENGTHS[r.nextInt(FuzzValues.BOUNDARY_LENGTHS.length)],
                    r.nextInt(8));
            case 3 -> FuzzValues.huge(r);
            default -> nasty(r);
        };
    }

    private static String token(SplittableRandom r, FuzzWorld w, EmailTokenPurpose purpose) {
        return switch (r.nextInt(5)) {
            case 0 -> w.token(purpose);
            case 1, 2 -> around(r, w.token(purpose));
            case 3 -> around(r, w.token(EmailTokenPurpose.values()[r.nextInt(EmailTokenPurpose.values().length)]));
            default -> nasty(r);
        };
    }

    private static String code(SplittableRandom r, FuzzWorld w) {
        return r.nextInt(3) == 0 ? nasty(r) : around(r, w.inviteCode());
    }

    private static String any(SplittableRandom r) {
        return nasty(r);
    }

    private static FuzzWorld.FuzzCase fuzzCase(Callable<?> call, Object... args) {
        return new FuzzWorld.FuzzCase(Fuzzer.show(args), call, null);
    }

    // ------------------------------------------------------------------------------------------ areas

    /** {@code createAccount}: every field hostile or one mutation away from valid. */
    @Test
    default void fuzzCreateAccount() {
        SecureRandom keys = new SecureRandom();
        String recovery = SigningKeyPair.generate(KeyAlgorithm.SECP256K1, keys).publicKey().didKey();
                fuzz("createAccount", (r, w) -> {
            AccountService accounts = w.tp().pds().accounts();
            String name = TestPds.randomName();
            String handle = name + TestPds.DOMAIN;
            String mail = name + "@mail.test";
            String pw = "hunter22";
            String code = w.inviteCode();
            switch (r.nextInt(6)) {
                case 0 -> handle = r.nextBoolean() ? handle(r, w) : around(r, handle);
                case 1 -> mail = r.nextBoolean() ? email(r, w) : around(r, mail);
                case 2 -> pw = password(r, w);
                case 3 -> code = r.nextInt(5) == 0 ? null : code(r, w);
                case 4 -> {
                    handle = around(r, handle);
                    mail = around(r, mail);
                    pw = around(r, pw);
                    code = code(r, w);
                }
                default -> { }
            }
            CreateAccountInput.Builder b = CreateAccountInput.builder().handle(handle).email(mail).password(pw)
                    .inviteCode(code);
            switch (r.nextInt(12)) {
                case 0 -> b.did(did(r, w));
                case 1 -> b.plcOp(Map.of("type", "plc_operation"));
                case 2 -> b.recoveryKey(around(r, recovery));
                case 3 -> b.verificationPhone(any(r)).verificationCode(any(r));
                default -> { }
            }
            CreateAccountInput in = b.build();
            return new FuzzWorld.FuzzCase(Fuzzer.show(in.handle(), in.email(), in.password(), in.inviteCode(), in.did(),
                    in.recoveryKey(), in.verificationPhone()), () -> accounts.createAccount(in), null);
        });
    }

    /** Handle update, deactivation, status and the legacy account get. */
    @Test
    default void fuzzAccountLifecycle() {
                fuzz("accounts", (r, w) -> {
            AccountService accounts = w.tp().pds().accounts();
            String did = did(r, w);
            switch (r.nextInt(4)) {
                case 0: {
                    String h = handle(r, w);
                    return fuzzCase(() -> accounts.updateHandle(did, h), "updateHandle", did, h);
                }
                case 1: {
                    Optional<Instant> after = optional(r, x -> Instant.ofEpochMilli(x.nextLong(-1L << 50, 1L << 50)));
                    return fuzzCase(() -> {
                        accounts.deactivateAccount(did, after);
                        return null;
                    }, "deactivateAccount", did, after);
                }
                case 2:
                    return fuzzCase(() -> accounts.accountStatus(did), "accountStatus", did);
                default:
                    return fuzzCase(() -> {
                        accounts.legacyAccountGet();
                        return null;
                    }, "legacyAccountGet");
            }
        });
    }

    /** Every invite-code entry point, admin and account side. */
    @Test
    default void fuzzInvites() {
                fuzz("invites", (r, w) -> {
            InviteService invites = w.tp().pds().invites();
            switch (r.nextInt(9)) {
                case 0: {
                    int uses = anInt(r);
                    Optional<String> forAccount = optional(r, x -> did(x, w));
                    return fuzzCase(() -> invites.createInviteCode(uses, forAccount), "createInviteCode", uses,
                            forAccount);
                }
                case 1: {
                    int count = r.nextInt(4) == 0 ? anInt(r) : r.nextInt(-1, 4);
                    int uses = anInt(r);
                    List<String> accounts = list(r, x -> x.nextInt(4) == 0 ? "admin" : did(x, w));
                    return fuzzCase(() -> invites.createInviteCodes(count, uses, accounts), "createInviteCodes",
                            count, uses, accounts);
                }
                case 2: {
                    String did = did(r, w);
                    boolean used = r.nextBoolean();
                    boolean create = r.nextBoolean();
                    return fuzzCase(() -> invites.getAccountInviteCodes(did, used, create), "getAccountInviteCodes",
                            did, used, create);
                }
                case 3: {
                    List<String> codes = list(r, x -> code(x, w));
                    List<String> accounts = list(r, x -> x.nextInt(8) == 0 ? "admin" : did(x, w));
                    return fuzzCase(() -> invites.disableInviteCodes(codes, accounts), "disableInviteCodes", codes,
                            accounts);
                }
                case 4: {
                    String did = did(r, w);
                    Optional<String> note = optional(r, FuzzValues::nasty);
                    return fuzzCase(() -> {
                        invites.enableAccountInvites(did, note);
                        return null;
                    }, "enableAccountInvites", did, note);
                }
                case 5: {
                    String did = did(r, w);
                    Optional<String> note = optional(r, FuzzValues::nasty);
                    return fuzzCase(() -> {
                        invites.disableAccountInvites(did, note);
                        return null;
                    }, "disableAccountInvites", did, note);
                }
                case 6: {
                    String sort = r.nextBoolean() ? around(r, r.nextBoolean() ? "recent" : "usage") : nasty(r);
                    int limit = anInt(r);
                    String cursor = r.nextBoolean() ? nasty(r) : around(r, "1700000000000::" + w.inviteCode());
                    return fuzzCase(() -> invites.getInviteCodes(sort, limit, cursor), "getInviteCodes", sort, limit,
                            cursor);
                }
                case 7: {
                    String did = did(r, w);
                    return fuzzCase(() -> invites.invitesFor(did), "invitesFor", did);
                }
                default: {
                    String did = did(r, w);
                    return fuzzCase(() -> invites.invitedBy(did), "invitedBy", did);
                }
            }
        });
    }

    /** Password reset, email confirmation and update, account deletion, PLC tokens, generic token use. */
    @Test
    default void fuzzEmailTokens() {
                fuzz("email", (r, w) -> {
            EmailTokenService email = w.tp().pds().email();
            switch (r.nextInt(11)) {
                case 0: {
                    String e = email(r, w);
                    return fuzzCase(() -> {
                        email.requestPasswordReset(e);
                        return null;
                    }, "requestPasswordReset", e);
                }
                case 1: {
                    String t = token(r, w, EmailTokenPurpose.RESET_PASSWORD);
                    String pw = password(r, w);
                    return new FuzzWorld.FuzzCase(Fuzzer.show("resetPassword", t, pw), () -> {
                        email.resetPassword(t, pw);
                        return null;
                    }, () -> w.passwordChanged(pw));
                }
                case 2: {
                    String did = did(r, w);
                    return fuzzCase(() -> {
                        email.requestEmailConfirmation(did);
                        return null;
                    }, "requestEmailConfirmation", did);
                }
                case 3: {
                    String did = did(r, w);
                    String e = r.nextBoolean() ? around(r, w.email()) : email(r, w);
                    String t = token(r, w, EmailTokenPurpose.CONFIRM_EMAIL);
                    return fuzzCase(() -> {
                        email.confirmEmail(did, e, t);
                        return null;
                    }, "confirmEmail", did, e, t);
                }
                case 4: {
                    String did = did(r, w);
                    return fuzzCase(() -> email.requestEmailUpdate(did), "requestEmailUpdate", did);
                }
                case 5: {
                    String did = did(r, w);
                    String e = email(r, w);
                    Optional<String> t = optional(r, x -> token(x, w, EmailTokenPurpose.UPDATE_EMAIL));
                    return fuzzCase(() -> {
                        email.updateEmail(did, e, t);
                        return null;
                    }, "updateEmail", did, e, t);
                }
                case 6: {
                    String did = did(r, w);
                    return fuzzCase(() -> {
                        email.requestAccountDelete(did);
                        return null;
                    }, "requestAccountDelete", did);
                }
                case 7: {
                    String did = did(r, w);
                    String pw = password(r, w);
                    String t = token(r, w, EmailTokenPurpose.DELETE_ACCOUNT);
                    return fuzzCase(() -> {
                        email.deleteAccount(did, pw, t);
                        return null;
                    }, "deleteAccount", did, pw, t);
                }
                case 8: {
                    String did = did(r, w);
                    return fuzzCase(() -> {
                        email.requestPlcOperationSignature(did);
                        return null;
                    }, "requestPlcOperationSignature", did);
                }
                case 9: {
                    EmailTokenPurpose p = r.nextInt(10) == 0 ? null
                            : EmailTokenPurpose.values()[r.nextInt(EmailTokenPurpose.values().length)];
                    String did = did(r, w);
                    String t = token(r, w, p == null ? EmailTokenPurpose.PLC_OPERATION : p);
                    return fuzzCase(() -> {
                        email.checkToken(p, did, t);
                        return null;
                    }, "checkToken", p, did, t);
                }
                default: {
                    EmailTokenPurpose p = r.nextInt(10) == 0 ? null
                            : EmailTokenPurpose.values()[r.nextInt(EmailTokenPurpose.values().length)];
                    String did = did(r, w);
                    String t = token(r, w, p == null ? EmailTokenPurpose.PLC_OPERATION : p);
                    return fuzzCase(() -> {
                        email.consumeToken(p, did, t);
                        return null;
                    }, "consumeToken", p, did, t);
                }
            }
        });
    }

    private static String jwt(SplittableRandom r, FuzzWorld w, boolean refresh) {
        String valid = refresh ? w.refreshJwt() : w.accessJwt();
        return switch (r.nextInt(7)) {
            case 0 -> valid;
            case 1 -> "Bearer " + valid;
            case 2, 3 -> around(r, valid);
            case 4 -> around(r, refresh ? w.accessJwt() : w.refreshJwt());
            case 5 -> "Bearer " + nasty(r);
            default -> nasty(r);
        };
    }

    private static String identifier(SplittableRandom r, FuzzWorld w) {
        return switch (r.nextInt(6)) {
            case 0 -> around(r, w.handle());
            case 1 -> around(r, w.email());
            case 2 -> around(r, w.did());
            case 3 -> w.handle();
            case 4 -> "\u03a3".repeat(r.nextInt(2100)) + "@mail.test";
            default -> nasty(r);
        };
    }

    private static String appPasswordName(SplittableRandom r) {
        return r.nextBoolean() ? around(r, "app " + r.nextInt(3)) : nasty(r);
    }

    /** Login, token verification, getSession, refresh, logout and app passwords. */
    @Test
    default void fuzzSessions() {
        fuzz("sessions", (r, w) -> {
            SessionService sessions = w.tp().pds().sessions();
            AppPasswordService appPasswords = w.tp().pds().appPasswords();
            switch (r.nextInt(9)) {
                case 0: {
                    String id = identifier(r, w);
                    String pw = r.nextBoolean() ? w.password() : password(r, w);
                    boolean allowTakendown = r.nextBoolean();
                    return new FuzzWorld.FuzzCase(Fuzzer.show("createSession", id, pw, allowTakendown), () -> {
                        SessionOutput out = sessions.createSession(CreateSessionInput.of(id, pw).withAllowTakendown(allowTakendown));
                        if (out.did().equals(w.did())) {
                            w.sessionIssued(out.accessJwt(), out.refreshJwt());
                        }
                        return out;
                    }, null);
                }
                case 1: {
                    String t = jwt(r, w, false);
                    Set<Scope> allowed = r.nextBoolean() ? Scope.STANDARD : Scope.FULL;
                    return fuzzCase(() -> sessions.verifyAccessToken(t, allowed), "verifyAccessToken", t, allowed);
                }
                case 2: {
                    String t = jwt(r, w, false);
                    boolean checkTakedown = r.nextBoolean();
                    return fuzzCase(() -> sessions.requireAccount(sessions.verifyAccessToken(t, Scope.STANDARD),
                            checkTakedown), "requireAccount", t, checkTakedown);
                }
                case 3: {
                    String t = jwt(r, w, false);
                    return fuzzCase(() -> sessions.getSession(t), "getSession", t);
                }
                case 4: {
                    String t = jwt(r, w, true);
                    return new FuzzWorld.FuzzCase(Fuzzer.show("refreshSession", t), () -> {
                        SessionOutput out = sessions.refreshSession(t);
                        if (out.did().equals(w.did())) {
                            w.sessionIssued(out.accessJwt(), out.refreshJwt());
                        }
                        return out;
                    }, null);
                }
                case 5: {
                    String t = jwt(r, w, true);
                    return fuzzCase(() -> {
                        sessions.deleteSession(t);
                        return null;
                    }, "deleteSession", t);
                }
                case 6: {
                    String did = did(r, w);
                    String name = appPasswordName(r);
                    boolean privileged = r.nextBoolean();
                    return fuzzCase(() -> appPasswords.createAppPassword(did, name, privileged), "createAppPassword",
                            did, name, privileged);
                }
                case 7: {
                    String did = did(r, w);
                    return fuzzCase(() -> appPasswords.listAppPasswords(did), "listAppPasswords", did);
                }
                default: {
                    String did = did(r, w);
                    String name = appPasswordName(r);
                    return fuzzCase(() -> {
                        appPasswords.revokeAppPassword(did, name);
                        return null;
                    }, "revokeAppPassword", did, name);
                }
            }
        });
    }

    /** Signing-key reservation, service auth, recommended credentials, activation, handle resolution. */
    @Test
    default void fuzzIdentity() {
        fuzz("identity", (r, w) -> {
            IdentityService identity = w.tp().pds().identity();
            String did = did(r, w);
            switch (r.nextInt(5)) {
                case 0: {
                    Optional<String> forDid = r.nextBoolean() ? Optional.empty() : Optional.ofNullable(did);
                    return fuzzCase(() -> identity.reserveSigningKey(forDid), "reserveSigningKey", forDid);
                }
                case 1: {
                    String aud = r.nextBoolean() ? around(r, "did:web:api.example.com#bsky_appview") : nasty(r);
                    Optional<Long> exp = r.nextBoolean() ? Optional.empty()
                            : Optional.of(r.nextBoolean() ? r.nextLong() : 1_700_000_000L + r.nextInt(10_000));
                    Optional<String> lxm = r.nextBoolean() ? Optional.empty()
                            : Optional.ofNullable(r.nextBoolean() ? around(r, "com.atproto.repo.createRecord")
                                    : nasty(r));
                    Scope scope = r.nextInt(8) == 0 ? null : Scope.values()[r.nextInt(Scope.values().length)];
                    return fuzzCase(() -> identity.getServiceAuth(did, aud, exp, lxm, scope), "getServiceAuth", did,
                            aud, exp, lxm, scope);
                }
                case 2:
                    return fuzzCase(() -> identity.getRecommendedDidCredentials(did), "getRecommendedDidCredentials",
                            did);
                case 3:
                    return fuzzCase(() -> {
                        identity.activateAccount(did);
                        return null;
                    }, "activateAccount", did);
                default: {
                    String h = handle(r, w);
                    return fuzzCase(() -> identity.resolveHandle(h), "resolveHandle", h);
                }
            }
        });
    }

    /** Every administrator entry point. */
    @Test
    default void fuzzAdmin() {
                fuzz("admin", (r, w) -> {
            AdminService admin = w.tp().pds().admin();
            String did = did(r, w);
            switch (r.nextInt(9)) {
                case 0: {
                    Optional<Boolean> takedown = optional(r, SplittableRandom::nextBoolean);
                    Optional<String> ref = optional(r, FuzzValues::nasty);
                    Optional<Boolean> deactivated = optional(r, SplittableRandom::nextBoolean);
                    return fuzzCase(() -> admin.updateSubjectStatus(did, takedown, ref, deactivated),
                            "updateSubjectStatus", did, takedown, ref, deactivated);
                }
                case 1:
                    return fuzzCase(() -> admin.getSubjectStatus(did), "getSubjectStatus", did);
                case 2: {
                    String pw = password(r, w);
                    boolean victim = w.did().equals(did);
                    return new FuzzWorld.FuzzCase(Fuzzer.show("updateAccountPassword", did, pw), () -> {
                        admin.updateAccountPassword(did, pw);
                        return null;
                    }, () -> {
                        if (victim) {
                            w.passwordChanged(pw);
                        }
                    });
                }
                case 3: {
                    String account = r.nextBoolean() ? did : handle(r, w);
                    String e = email(r, w);
                    return fuzzCase(() -> {
                        admin.updateAccountEmail(account, e);
                        return null;
                    }, "updateAccountEmail", account, e);
                }
                case 4: {
                    String h = handle(r, w);
                    return fuzzCase(() -> admin.updateAccountHandle(did, h), "updateAccountHandle", did, h);
                }
                case 5:
                    return fuzzCase(() -> admin.deleteAccount(did), "deleteAccount", did);
                case 6:
                    return fuzzCase(() -> admin.getAccountInfo(did), "getAccountInfo", did);
                case 7: {
                    List<String> dids = list(r, x -> did(x, w));
                    return fuzzCase(() -> admin.getAccountInfos(dids), "getAccountInfos", dids);
                }
                default: {
                    Optional<String> prefix = optional(r, x -> x.nextBoolean() ? around(x, w.email()) : nasty(x));
                    Optional<String> cursor = optional(r, x -> did(x, w));
                    Optional<Integer> limit = optional(r, FuzzValues::anInt);
                    return fuzzCase(() -> admin.searchAccounts(prefix, cursor, limit), "searchAccounts", prefix,
                            cursor, limit);
                }
            }
        });
    }
}
