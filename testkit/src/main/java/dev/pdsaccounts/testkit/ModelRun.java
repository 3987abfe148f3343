package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.NewAccount;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.token.TokenEffect;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * One seeded run of the model-based contract: a small universe of identifiers (so that operations collide
 * often), random operations applied to the store and to a {@link ReferenceModel}, and after every step a
 * comparison of the results and of everything observable about the universe. Identifiers carry a tag drawn
 * from the seed, so several runs can share one store and a replay of one seed does the same thing.
 */
final class ModelRun {

    private static final String DELETED = "did:deleted:";
    private static final int HISTORY = 12;

    private final AccountStore store;
    private final ReferenceModel model = new ReferenceModel();
    private final SplittableRandom random;
    private final String tag;
    private final List<String> dids;
    private final List<String> handles;
    private final List<String> emails;
    private final List<String> codes;
    private final List<String> tokenIds;
    private final List<String> hashes;
    private final List<String> appNames = List.of("app-a", "app-b");
    private final List<Instant> times = IntStream.range(0, 4).mapToObj(i -> StoreFixtures.at(60L * i)).toList();
    private final long storeBaseline;
    private final Deque<String> history = new ArrayDeque<>();

    /** A run against {@code store}, its universe and operations drawn from {@code seed}. */
    ModelRun(AccountStore store, long seed) {
        this.store = store;
        this.random = new SplittableRandom(seed);
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            t.append("abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32)));
        }
        this.tag = t.toString();
        this.dids = IntStream.range(0, 4).mapToObj(i -> "did:plc:" + tag + "mdx" + (char) ('a' + i)).toList();
        this.handles = IntStream.range(0, 5).mapToObj(i -> "h" + i + "-" + tag + ".test").toList();
        this.emails = IntStream.range(0, 5).mapToObj(i -> tag + "e" + i + "@x.test").toList();
        this.codes = IntStream.range(0, 6).mapToObj(i -> "m-" + tag + "-" + i).toList();
        this.tokenIds = IntStream.range(0, 6).mapToObj(i -> tag + "t" + i).toList();
        this.hashes = IntStream.range(0, 4).mapToObj(i -> tag + "h" + i).toList();
        this.storeBaseline = store.countAccounts();
    }

    /** Runs {@code steps} operations, failing with a description of the first divergence. */
    void execute(int steps) {
        assertSameObservations(-1, "start");
        for (int step = 0; step < steps; step++) {
            Op op = nextOp();
            remember(step + ": " + op.description());
            Object expected = op.action().apply(model);
            Object actual = op.action().apply(store);
            if (!Objects.equals(expected, actual)) {
                throw failure(step, "result of " + op.description() + ": store answered " + actual
                        + ", the model " + expected);
            }
            assertSameObservations(step, op.description());
        }
    }

    private void remember(String line) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(line);
    }

    private AssertionError failure(int step, String what) {
        return new AssertionError("step " + step + " diverged from the reference model: " + what
                + "\nlast operations:\n  " + String.join("\n  ", history));
    }

    // ---------------------------------------------------------------------------------------- operations

    /** An operation on either implementation, with a description for the failure report. */
    private record Op(String description, Function<AccountStore, Object> action) {}

    private Op nextOp() {
        switch (random.nextInt(30)) {
            case 0: case 1: case 2: case 3:
                return createAccount();
            case 4: {
                String did = pick(dids);
                String handle = pick(handles);
                return new Op("updateHandle " + did + " " + handle, s -> s.updateHandle(did, handle));
            }
            case 5: {
                String did = pick(dids);
                String email = pick(emails);
                return new Op("updateEmail " + did + " " + email, s -> s.updateEmail(did, email));
            }
            case 6: {
                String did = pick(dids);
                String hash = "pw" + random.nextInt(3);
                return new Op("updatePassword " + did + " " + hash, s -> s.updatePassword(did, hash));
            }
            case 7: {
                String did = pick(dids);
                String expected = random.nextBoolean()
                        ? model.findAccountByDid(did).flatMap(Account::passwordHash).orElse("pw0")
                        : "pw" + random.nextInt(3);
                String next = "pw" + random.nextInt(3);
                return new Op("upgradePasswordHash " + did + " " + expected + "->" + next,
                        s -> s.upgradePasswordHash(did, expected, next));
            }
            case 8: {
                String did = pick(dids);
                Optional<String> ref = random.nextBoolean() ? Optional.of("ref" + random.nextInt(2)) : Optional.empty();
                return new Op("updateTakedown " + did + " " + ref, s -> s.updateTakedown(did, ref));
            }
            case 9: {
                String did = pick(dids);
                boolean deactivate = random.nextBoolean();
                Optional<Instant> at = deactivate ? Optional.of(pick(times)) : Optional.empty();
                Optional<Instant> after = deactivate && random.nextBoolean() ? Optional.of(pick(times))
                        : Optional.empty();
                return new Op("updateDeactivation " + did + " " + at + " " + after,
                        s -> s.updateDeactivation(did, at, after));
            }
            case 10:
                return smallAccountUpdate();
            case 11: {
                String did = pick(dids);
                return new Op("deleteAccount " + did, s -> s.deleteAccount(did));
            }
            case 12: case 13:
                return insertInviteCode();
            case 14:
                return insertEarnedInviteCodes();
            case 15: {
                List<String> byCode = random.nextBoolean() ? List.of(pick(codes)) : List.of();
                List<String> byAccount = random.nextInt(3) == 0 ? List.of(pick(dids)) : List.of();
                return new Op("disableInviteCodes " + byCode + " " + byAccount,
                        s -> s.disableInviteCodes(byCode, byAccount));
            }
            case 16: case 17:
                return insertRefreshToken();
            case 18: case 19:
                return rotateRefreshToken();
            case 20: {
                String did = pick(dids);
                Instant now = pick(times);
                return new Op("deleteExpiredRefreshTokens " + did + " " + now,
                        s -> s.deleteExpiredRefreshTokens(did, now));
            }
            case 21: {
                if (random.nextBoolean()) {
                    String id = pick(tokenIds);
                    return new Op("deleteRefreshToken " + id, s -> s.deleteRefreshToken(id));
                }
                String did = pick(dids);
                return new Op("deleteRefreshTokensOf " + did, s -> s.deleteRefreshTokensOf(did));
            }
            case 22: {
                AppPassword password = new AppPassword(pick(dids), pick(appNames), "ap" + random.nextInt(9),
                        pick(times), random.nextBoolean());
                return new Op("insertAppPassword " + password, s -> s.insertAppPassword(password));
            }
            case 23: {
                String did = pick(dids);
                String name = pick(appNames);
                return new Op("deleteAppPassword " + did + " " + name, s -> s.deleteAppPassword(did, name));
            }
            case 24: case 25:
                return upsertEmailToken();
            case 26: case 27: case 28:
                return useEmailToken();
            default: {
                String did = pick(dids);
                return new Op("deleteEmailTokensOf " + did, s -> s.deleteEmailTokensOf(did));
            }
        }
    }

    private Op createAccount() {
        String did = pick(dids);
        Optional<String> email = random.nextInt(5) == 0 ? Optional.empty() : Optional.of(pick(emails));
        Account account = new Account(did, pick(handles), email,
                random.nextInt(5) == 0 ? Optional.empty() : Optional.of("pw" + random.nextInt(3)),
                Optional.empty(), pick(times), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.of("key" + random.nextInt(3)));
        Optional<String> invite = random.nextInt(5) < 2 ? Optional.of(pick(codes)) : Optional.empty();
        Optional<RefreshToken> token = random.nextInt(3) == 0
                ? Optional.of(new RefreshToken(pick(tokenIds), did, pick(times), Optional.empty(), Optional.empty()))
                : Optional.empty();
        NewAccount insert = new NewAccount(account, invite, token);
        return new Op("createAccount " + account + " invite=" + invite + " token=" + token.map(RefreshToken::id),
                s -> s.createAccount(insert));
    }

    private Op smallAccountUpdate() {
        String did = pick(dids);
        switch (random.nextInt(3)) {
            case 0: {
                boolean disabled = random.nextBoolean();
                return new Op("updateInvitesDisabled " + did + " " + disabled,
                        s -> s.updateInvitesDisabled(did, disabled));
            }
            case 1: {
                Instant at = pick(times);
                return new Op("updateEmailConfirmedAt " + did + " " + at, s -> s.updateEmailConfirmedAt(did, at));
            }
            default: {
                String key = "key" + random.nextInt(3);
                return new Op("updateSigningKey " + did + " " + key, s -> s.updateSigningKey(did, key));
            }
        }
    }

    private Op insertInviteCode() {
        List<String> free = codes.stream().filter(c -> model.findInviteCode(c).isEmpty()).toList();
        if (free.isEmpty()) {
            String code = pick(codes);
            return new Op("isInviteCodeAvailable " + code, s -> s.isInviteCodeAvailable(code));
        }
        String forAccount = switch (random.nextInt(3)) {
            case 0 -> InviteCode.ADMIN;
            case 1 -> "did:plc:" + tag + "none";
            default -> pick(dids);
        };
        InviteCode code = new InviteCode(pick(free), 1 + random.nextInt(3), random.nextInt(5) == 0, forAccount,
                InviteCode.ADMIN, pick(times));
        return new Op("insertInviteCodes " + code, s -> {
            s.insertInviteCodes(List.of(code));
            return "void";
        });
    }

    private Op insertEarnedInviteCodes() {
        String did = pick(dids);
        int earned = (int) model.inviteCodesForAccount(did).stream().filter(d -> d.code().isEarned()).count();
        int expected = random.nextInt(4) == 0 ? earned + 1 : earned;
        List<String> free = codes.stream().filter(c -> model.findInviteCode(c).isEmpty()).toList();
        List<InviteCode> batch = free.isEmpty() ? List.of()
                : List.of(new InviteCode(pick(free), 1, random.nextInt(4) == 0, did, did, pick(times)));
        return new Op("insertEarnedInviteCodes " + did + " expected=" + expected + " " + batch,
                s -> s.insertEarnedInviteCodes(did, expected, batch));
    }

    private Op insertRefreshToken() {
        List<String> live = dids.stream().filter(d -> model.findAccountByDid(d).isPresent()).toList();
        if (live.isEmpty()) {
            return createAccount();
        }
        RefreshToken token = new RefreshToken(pick(tokenIds), pick(live), pick(times),
                random.nextInt(4) == 0 ? Optional.of(pick(tokenIds)) : Optional.empty(),
                random.nextInt(3) == 0 ? Optional.of(pick(appNames)) : Optional.empty());
        return new Op("insertRefreshToken " + token.id() + " " + token, s -> {
            s.insertRefreshToken(token);
            return "void";
        });
    }

    private Op rotateRefreshToken() {
        String id = pick(tokenIds);
        List<String> others = tokenIds.stream().filter(t -> !t.equals(id)).toList();
        Optional<RefreshToken> row = model.findRefreshToken(id);
        String successorId = row.flatMap(RefreshToken::nextId).filter(n -> random.nextInt(3) > 0)
                .orElseGet(() -> pick(others));
        String did = row.map(RefreshToken::did).orElse(pick(dids));
        RefreshToken successor = new RefreshToken(successorId, did, pick(times), Optional.empty(),
                row.flatMap(RefreshToken::appPasswordName));
        Instant grace = pick(times);
        return new Op("rotateRefreshToken " + id + " -> " + successorId + " grace " + grace,
                s -> s.rotateRefreshToken(id, grace, successor));
    }

    private Op upsertEmailToken() {
        List<String> live = dids.stream().filter(d -> model.findAccountByDid(d).isPresent()).toList();
        if (live.isEmpty()) {
            return createAccount();
        }
        String did = pick(live);
        EmailTokenPurpose purpose = pick(List.of(EmailTokenPurpose.values()));
        List<String> usable = hashes.stream().filter(h -> dids.stream().noneMatch(other -> !other.equals(did)
                && model.findEmailToken(purpose, other).map(t -> t.tokenHash().equals(h)).orElse(false))).toList();
        if (usable.isEmpty()) {
            return new Op("findEmailToken " + purpose + " " + did, s -> s.findEmailToken(purpose, did));
        }
        EmailToken token = new EmailToken(purpose, did, pick(usable), pick(times));
        return new Op("upsertEmailToken " + token.purpose() + " " + did + " " + token.tokenHash() + " "
                + token.requestedAt(), s -> {
                    s.upsertEmailToken(token);
                    return "void";
                });
    }

    private Op useEmailToken() {
        List<EmailToken> live = new ArrayList<>();
        for (String did : dids) {
            for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                model.findEmailToken(purpose, did).ifPresent(live::add);
            }
        }
        EmailTokenPurpose purpose;
        String hash;
        String owner;
        if (!live.isEmpty() && random.nextInt(4) > 0) {
            EmailToken token = pick(live);
            purpose = token.purpose();
            hash = token.tokenHash();
            owner = token.did();
        } else {
            purpose = pick(List.of(EmailTokenPurpose.values()));
            hash = pick(hashes);
            owner = pick(dids);
        }
        Optional<String> did = switch (random.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(owner);
            default -> Optional.of(pick(dids));
        };
        Instant notBefore = pick(times);
        TokenEffect effect = switch (random.nextInt(6)) {
            case 0 -> new TokenEffect.ConsumeOnly();
            case 1 -> new TokenEffect.CheckOnly();
            case 2 -> new TokenEffect.SetPassword("pw" + random.nextInt(3));
            case 3 -> new TokenEffect.ConfirmEmail(random.nextBoolean()
                    ? model.findAccountByDid(owner).flatMap(Account::email).orElse(pick(emails))
                    : pick(emails), pick(times));
            case 4 -> new TokenEffect.UpdateEmail(pick(emails));
            default -> new TokenEffect.DeleteAccount();
        };
        return new Op("useEmailToken " + purpose + " " + did + " " + hash + " notBefore " + notBefore + " "
                + effect, s -> s.useEmailToken(purpose, did, hash, notBefore, effect));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // -------------------------------------------------------------------------------------- observations

    private void assertSameObservations(int step, String after) {
        Map<String, Object> expected = observe(model, 0);
        Map<String, Object> actual = observe(store, storeBaseline);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> entry : expected.entrySet()) {
            Object seen = actual.get(entry.getKey());
            if (!Objects.equals(entry.getValue(), seen)) {
                differences.add(entry.getKey() + ": store " + seen + ", model " + entry.getValue());
            }
        }
        if (!differences.isEmpty()) {
            throw failure(step, "observations after " + after + ":\n  " + String.join("\n  ", differences));
        }
    }

    private Map<String, Object> observe(AccountStore s, long baseline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("countAccounts", s.countAccounts() - baseline);
        out.put("searchAccountsByEmail(tag)", s.searchAccountsByEmail(tag, Optional.empty(), 100));
        for (String did : dids) {
            out.put("findAccountByDid " + did, s.findAccountByDid(did));
            out.put("inviteCodeUseOf " + did, s.inviteCodeUseOf(did).map(ModelRun::anonymised));
            out.put("refreshTokensOf " + did, s.refreshTokensOf(did).stream()
                    .sorted(Comparator.comparing(RefreshToken::id)).toList());
            List<AppPassword> passwords = s.appPasswordsOf(did);
            out.put("appPasswordsOf " + did, passwords.stream().sorted(Comparator.comparing(AppPassword::name)).toList());
            out.put("appPasswordsOf newest first " + did, IntStream.range(1, passwords.size())
                    .allMatch(i -> !passwords.get(i).createdAt().isAfter(passwords.get(i - 1).createdAt())));
            for (String name : appNames) {
                out.put("findAppPassword " + did + " " + name, s.findAppPassword(did, name));
            }
            for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                out.put("findEmailToken " + purpose + " " + did, s.findEmailToken(purpose, did));
            }
            List<InviteCodeDetails> issued = s.inviteCodesForAccount(did);
            out.put("inviteCodesForAccount " + did, issued.stream().map(ModelRun::normalised)
                    .sorted(Comparator.comparing(d -> d.code().code())).toList());
            out.put("inviteCodesForAccount oldest first " + did, IntStream.range(1, issued.size())
                    .allMatch(i -> !issued.get(i).code().createdAt().isBefore(issued.get(i - 1).code().createdAt())));
        }
        for (String handle : handles) {
            out.put("findAccountByHandle " + handle, s.findAccountByHandle(handle));
        }
        for (String email : emails) {
            out.put("findAccountByEmail " + email, s.findAccountByEmail(email));
        }
        for (String code : codes) {
            Optional<InviteCodeDetails> details = s.findInviteCode(code);
            out.put("findInviteCode " + code, details.map(ModelRun::normalised));
            out.put("findInviteCode uses oldest first " + code, details.map(d -> IntStream.range(1, d.uses().size())
                    .allMatch(i -> !d.uses().get(i).usedAt().isBefore(d.uses().get(i - 1).usedAt()))).orElse(true));
            out.put("isInviteCodeAvailable " + code, s.isInviteCodeAvailable(code));
        }
        for (String id : tokenIds) {
            out.put("findRefreshToken " + id, s.findRefreshToken(id));
        }
        return out;
    }

    /** The details with anonymised users made comparable and uses in a total order. */
    private static InviteCodeDetails normalised(InviteCodeDetails details) {
        return new InviteCodeDetails(details.code(), details.uses().stream().map(ModelRun::anonymised)
                .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::usedBy)).toList());
    }

    private static InviteCodeUse anonymised(InviteCodeUse use) {
        return use.usedBy().startsWith(DELETED) ? new InviteCodeUse(use.code(), DELETED + "*", use.usedAt()) : use;
    }
}
