package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * One seeded run of the model-based store contract: a small universe of identifiers (so that operations
 * collide often), random operations (alone, or grouped in a transaction that commits or throws) applied to the
 * store and to a {@link ReferenceModel}, and after every step a comparison of the results and of everything
 * observable about the universe. Identifiers carry a tag drawn from the seed, so several runs can share one
 * store and a replay of one seed does the same thing.
 */
final class ModelRun {

    private static final int HISTORY = 12;

    private final AccountStore store;
    private ReferenceModel model = new ReferenceModel();
    private final SplittableRandom random;
    private final List<String> dids;
    private final List<String> handles;
    private final List<String> emails;
    private final List<String> codes;
    private final List<String> tokenIds;
    private final List<String> hashes;
    private final List<String> keyDids;
    private final String tag;
    private final List<String> appNames = List.of("app-a", "app-b");
    private final List<Instant> times = IntStream.range(0, 4).mapToObj(i -> StoreFixtures.at(60L * i)).toList();
    private final Deque<String> history = new ArrayDeque<>();

    /** A step: what it does, applied alike to the store's access and to the model. */
    private record Op(String description, Function<StoreAccess, Object> action) {}

    /** The outcome of a transaction that threw: the exception's class, compared instead of a result. */
    private record Threw(String exception) {}

    /** A run against {@code store}, its universe and operations drawn from {@code seed}. */
    ModelRun(AccountStore store, long seed) {
        this.store = store;
        this.random = new SplittableRandom(seed);
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            t.append("abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32)));
        }
        tag = t.toString();
        dids = IntStream.range(0, 4).mapToObj(i -> "did:plc:" + tag + "mdx" + (char) ('a' + i)).toList();
        handles = IntStream.range(0, 4).mapToObj(i -> "h" + i + "-" + tag + ".test").toList();
        emails = IntStream.range(0, 4).mapToObj(i -> tag + "e" + i + "@x.test").toList();
        codes = IntStream.range(0, 5).mapToObj(i -> "m-" + tag + "-" + i).toList();
        tokenIds = IntStream.range(0, 5).mapToObj(i -> tag + "t" + i).toList();
        hashes = IntStream.range(0, 3).mapToObj(i -> tag + "h" + i).toList();
        keyDids = IntStream.range(0, 3).mapToObj(i -> "did:key:z" + tag + i).toList();
    }

    /** Runs {@code steps} steps, failing with a description of the first divergence. */
    void execute(int steps) {
        compareObservations("start");
        for (int step = 0; step < steps; step++) {
            Object expected;
            Object actual;
            if (random.nextInt(5) == 0) {
                List<Op> ops = IntStream.range(0, 1 + random.nextInt(4)).mapToObj(i -> nextOp()).toList();
                boolean commit = random.nextInt(3) > 0;
                remember(step + ": transaction (" + (commit ? "commit" : "throw") + ") of "
                        + ops.stream().map(Op::description).toList());
                ReferenceModel work = model.copy();
                expected = transaction(ops, commit, work);
                if (!(expected instanceof Threw)) {
                    model = work;
                }
                actual = storeTransaction(ops, commit);
            } else {
                Op op = nextOp();
                remember(step + ": " + op.description());
                expected = outcome(() -> op.action().apply(model));
                actual = outcome(() -> op.action().apply(store));
            }
            if (!Objects.equals(expected, actual)) {
                throw new AssertionError("step " + step + " diverged: model " + expected + ", store " + actual
                        + "\nlast steps:\n" + String.join("\n", history));
            }
            compareObservations("step " + step);
        }
    }

    private static Object transaction(List<Op> ops, boolean commit, StoreAccess access) {
        return outcome(() -> {
            List<Object> results = new ArrayList<>();
            for (Op op : ops) {
                results.add(op.action().apply(access));
            }
            if (!commit) {
                throw new IllegalStateException("the work throws on purpose");
            }
            return results;
        });
    }

    private Object storeTransaction(List<Op> ops, boolean commit) {
        return outcome(() -> store.inTransaction(tx -> {
            List<Object> results = new ArrayList<>();
            for (Op op : ops) {
                results.add(op.action().apply(tx));
            }
            if (!commit) {
                throw new IllegalStateException("the work throws on purpose");
            }
            return results;
        }));
    }

    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (StoreException | IllegalStateException e) {
            return new Threw(e.getClass().getSimpleName());
        }
    }

    private void remember(String line) {
        history.addLast(line);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private <T> List<T> some(List<T> values) {
        return values.stream().filter(v -> random.nextInt(3) == 0).toList();
    }

    private <T> Optional<T> maybe(T value) {
        return random.nextBoolean() ? Optional.of(value) : Optional.empty();
    }

    private Account randomAccount(String did) {
        return new Account(did, pick(handles), random.nextInt(4) == 0 ? Optional.empty() : Optional.of(pick(emails)),
                maybe("hash-" + random.nextInt(3)), maybe(pick(times)), pick(times), maybe("td-" + random.nextInt(2)),
                maybe(pick(times)), maybe(pick(times)), random.nextBoolean(), maybe("key-" + random.nextInt(2)),
                random.nextBoolean());
    }

    /** The model's DIDs that have an account (the domain only writes child rows for existing accounts). */
    private List<String> existing() {
        List<String> present = dids.stream().filter(d -> model.findAccountByDid(d).isPresent()).toList();
        return present.isEmpty() ? dids.subList(0, 1) : present;
    }

    private Op nextOp() {
        String did = pick(dids);
        String owner = pick(existing());
        String code = pick(codes);
        String id = pick(tokenIds);
        EmailTokenPurpose purpose = pick(List.of(EmailTokenPurpose.values()));
        Instant time = pick(times);
        switch (random.nextInt(20)) {
            case 0, 1: {
                Account a = randomAccount(did);
                return new Op("insertAccount " + a, s -> s.insertAccount(a));
            }
            case 2, 3: {
                Account a = randomAccount(did);
                return new Op("updateAccount " + a, s -> s.updateAccount(a));
            }
            case 4:
                return new Op("deleteAccount " + did, s -> s.deleteAccount(did));
            case 5: {
                List<InviteCode> batch = IntStream.range(0, 1 + random.nextInt(2)).mapToObj(i -> new InviteCode(
                        pick(codes), 1 + random.nextInt(3), random.nextInt(4) == 0,
                        random.nextBoolean() ? InviteCode.ADMIN : pick(dids), pick(dids), pick(times))).toList();
                return new Op("insertInviteCodes " + batch, s -> {
                    s.insertInviteCodes(batch);
                    return null;
                });
            }
            case 6: {
                InviteCodeUse use = new InviteCodeUse(code, did, time);
                return new Op("insertInviteCodeUse (if the code exists, once per DID) " + use,
                        s -> s.findInviteCode(code)
                                .filter(d -> d.uses().stream().noneMatch(u -> u.usedBy().equals(did)))
                                .map(d -> {
                                    s.insertInviteCodeUse(use);
                                    return "inserted";
                                }));
            }
            case 7: {
                return new Op("deleteInviteCodes used by " + did,
                        s -> s.deleteInviteCodes(new Lookup<>(InviteCodeField.USED_BY, did)));
            }
            case 8: {
                List<String> byCode = some(codes);
                List<String> forAccounts = some(dids);
                return new Op("disableInviteCodes " + byCode + " " + forAccounts,
                        s -> s.disableInviteCodes(byCode, forAccounts));
            }
            case 9: {
                Lookup<InviteCodeField> doomed = random.nextBoolean()
                        ? new Lookup<>(InviteCodeField.CODE, code) : new Lookup<>(InviteCodeField.ISSUED_TO, did);
                return new Op("deleteInviteCodes " + doomed, s -> s.deleteInviteCodes(doomed));
            }
            case 10: {
                RefreshToken t = new RefreshToken(id, owner, time, maybe(pick(tokenIds)), maybe(pick(appNames)));
                return new Op("insertRefreshToken " + id + " " + t, s -> {
                    s.insertRefreshToken(t);
                    return null;
                });
            }
            case 11: {
                String rowDid = model.findRefreshToken(id).map(RefreshToken::did).orElse(owner);
                RefreshToken next = new RefreshToken(pick(tokenIds), rowDid, pick(times), Optional.empty(),
                        maybe(pick(appNames)));
                return new Op("rotateRefreshToken " + id + " -> " + next.id(),
                        s -> s.rotateRefreshToken(id, time, next));
            }
            case 12: {
                List<String> ids = some(tokenIds);
                Optional<Instant> expiredBy = maybe(time);
                return new Op("deleteRefreshTokens " + owner + " " + ids + " " + expiredBy,
                        s -> s.deleteRefreshTokens(owner, ids, expiredBy));
            }
            case 13: {
                AppPassword p = new AppPassword(owner, pick(appNames), "scrypt$" + random.nextInt(9), time,
                        random.nextBoolean());
                return new Op("insertAppPassword " + p, s -> s.insertAppPassword(p));
            }
            case 14: {
                String name = pick(appNames);
                return new Op("deleteAppPassword " + did + " " + name, s -> s.deleteAppPassword(did, name));
            }
            case 15: {
                EmailToken t = new EmailToken(purpose, owner, pick(hashes), time);
                return new Op("upsertEmailToken " + t + " " + t.tokenHash(), s -> {
                    s.upsertEmailToken(t);
                    return null;
                });
            }
            case 16: {
                List<EmailTokenPurpose> purposes = some(List.of(EmailTokenPurpose.values()));
                return new Op("deleteEmailTokens " + did + " " + purposes, s -> s.deleteEmailTokens(did, purposes));
            }
            case 17: {
                ReservedSigningKey k = new ReservedSigningKey(pick(keyDids), maybe(did), "ab".repeat(32), time);
                return new Op("insertReservedSigningKey " + k, s -> {
                    s.insertReservedSigningKey(k);
                    return null;
                });
            }
            case 18: {
                List<String> doomed = some(keyDids);
                Optional<Instant> createdBefore = maybe(time);
                // The answer (how many reservations the whole store holds) counts rows outside the model's world.
                return new Op("deleteReservedSigningKeys " + doomed + " " + createdBefore, s -> {
                    s.deleteReservedSigningKeys(doomed, createdBefore);
                    return null;
                });
            }
            default: {
                String handle = pick(handles);
                return new Op("read-modify-write of " + handle, s -> s.findAccountByHandle(handle)
                        .map(a -> List.of(a, s.updateAccount(a.withInvitesDisabled(!a.invitesDisabled())))));
            }
        }
    }

    private void compareObservations(String when) {
        List<Object> expected = observe(model);
        List<Object> actual = observe(store);
        for (int i = 0; i < expected.size(); i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                throw new AssertionError("after " + when + ", observation " + i + " differs: model "
                        + expected.get(i) + ", store " + actual.get(i) + "\nlast steps:\n" + String.join("\n", history));
            }
        }
    }

    /** Everything observable about the universe (orders the port leaves open are normalised). */
    private List<Object> observe(StoreAccess s) {
        List<Object> seen = new ArrayList<>();
        for (String did : dids) {
            seen.add(s.findAccountByDid(did));
            seen.add(s.inviteCodesForAccount(did));
            seen.add(s.inviteCodeUsesBy(did));
            seen.add(s.refreshTokensOf(did).stream().sorted(Comparator.comparing(RefreshToken::id)).toList());
            seen.add(s.appPasswordsOf(did));
            for (int i = 0; i < 9; i++) {
                seen.add(s.findAppPasswordByHash(did, "scrypt$" + i));
            }
            seen.add(s.findReservedSigningKeyForDid(did));
            for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                seen.add(s.findEmailToken(purpose, did));
            }
        }
        handles.forEach(h -> seen.add(s.findAccountByHandle(h)));
        emails.forEach(e -> seen.add(s.findAccountByEmail(e)));
        codes.forEach(c -> seen.add(s.findInviteCode(c)));
        tokenIds.forEach(t -> seen.add(s.findRefreshToken(t)));
        keyDids.forEach(k -> seen.add(s.findReservedSigningKey(k)));
        for (String hash : hashes) {
            for (EmailTokenPurpose purpose : EmailTokenPurpose.values()) {
                seen.add(s.findEmailTokenByHash(purpose, hash));
            }
        }
        seen.add(s.listAccounts(Optional.of(tag), Optional.empty(), 100));
        seen.add(s.listAccounts(Optional.of(tag), Optional.of(dids.get(1)), 2));
        for (InviteSort sort : InviteSort.values()) {
            seen.add(listedCodes(s, sort, 1 + random.nextInt(4)));
        }
        return seen;
    }

    /** The universe's codes in listing order, read page by page through the whole listing. */
    private List<String> listedCodes(StoreAccess s, InviteSort sort, int pageSize) {
        List<String> listed = new ArrayList<>();
        Optional<InviteCursor> cursor = Optional.empty();
        for (int pages = 0; pages < 100_000; pages++) {
            InviteCodePage page = s.listInviteCodes(sort, pageSize, cursor);
            for (InviteCodeDetails d : page.codes()) {
                if (codes.contains(d.code().code())) {
                    listed.add(d.code().code());
                }
            }
            cursor = page.next();
            if (cursor.isEmpty()) {
                return listed;
            }
        }
        throw new AssertionError("listInviteCodes paging does not end");
    }
}
