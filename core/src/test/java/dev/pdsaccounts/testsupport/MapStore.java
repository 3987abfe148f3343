package dev.pdsaccounts.testsupport;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountField;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.identity.ReservationField;
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
import dev.pdsaccounts.session.RefreshTokenField;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.TransactionWork;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenField;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The one store double of core's tests: plain maps behind one lock, so core's rules can be driven without an
 * adapter. It only stores what it is told, as the port's javadoc says (unique keys, orderings, the rotation
 * compare-and-set); a transaction is the lock plus a copy of the rows put back when the work throws. It holds
 * no account rule and is no adapter (no concurrency beyond one lock, no limits, no durability); adapters are
 * tested by the testkit's contract suites. {@link #snapshot()} lets a test see that a change wrote nothing.
 */
public final class MapStore implements AccountStore {

    /** Every row the store holds; two snapshots are equal when nothing was written in between. */
    public record Rows(Map<String, Account> accounts, Map<String, InviteCode> codes, List<InviteCodeUse> uses,
                       Map<String, RefreshToken> refreshTokens, Map<List<String>, AppPassword> appPasswords,
                       Map<List<Object>, EmailToken> emailTokens, Map<String, ReservedSigningKey> reservations) {
        static Rows empty() {
            return new Rows(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        Rows copy() {
            return new Rows(new LinkedHashMap<>(accounts), new LinkedHashMap<>(codes), new ArrayList<>(uses),
                    new LinkedHashMap<>(refreshTokens), new LinkedHashMap<>(appPasswords),
                    new LinkedHashMap<>(emailTokens), new LinkedHashMap<>(reservations));
        }
    }

    private Rows rows = Rows.empty();

    /** A detached copy of every row. */
    public synchronized Rows snapshot() {
        return rows.copy();
    }

    @Override
    public synchronized <T> T inTransaction(TransactionWork<T> work) {
        Rows before = rows.copy();
        try {
            return work.run(this);
        } catch (RuntimeException | Error e) {
            rows = before;
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------ accounts

    @Override
    public synchronized Optional<Account> findAccount(Lookup<AccountField> key) {
        return switch (key.by()) {
            case DID -> Optional.ofNullable(rows.accounts.get(key.value()));
            case HANDLE -> rows.accounts.values().stream().filter(a -> a.handle().equals(key.value())).findFirst();
            case EMAIL -> rows.accounts.values().stream().filter(a -> a.email().equals(Optional.of(key.value())))
                    .findFirst();
        };
    }

    @Override
    public synchronized AccountWriteResult insertAccount(Account account) {
        if (rows.accounts.containsKey(account.did())) {
            return new AccountWriteResult.DidTaken();
        }
        return write(account);
    }

    @Override
    public synchronized AccountWriteResult updateAccount(Account account) {
        if (!rows.accounts.containsKey(account.did())) {
            return new AccountWriteResult.NotFound();
        }
        return write(account);
    }

    private AccountWriteResult write(Account account) {
        if (findAccountByHandle(account.handle()).filter(o -> !o.did().equals(account.did())).isPresent()) {
            return new AccountWriteResult.HandleTaken();
        }
        if (account.email().flatMap(this::findAccountByEmail).filter(o -> !o.did().equals(account.did())).isPresent()) {
            return new AccountWriteResult.EmailTaken();
        }
        rows.accounts.put(account.did(), account);
        return new AccountWriteResult.Written();
    }

    @Override
    public synchronized boolean deleteAccount(String did) {
        return rows.accounts.remove(did) != null;
    }

    @Override
    public synchronized List<Account> listAccounts(Optional<String> emailPrefix, Optional<String> afterDid, int limit) {
        return rows.accounts.values().stream()
                .filter(a -> emailPrefix.isEmpty() || a.email().filter(e -> e.startsWith(emailPrefix.get())).isPresent())
                .filter(a -> afterDid.map(after -> a.did().compareTo(after) > 0).orElse(true))
                .sorted(Comparator.comparing(Account::did)).limit(limit).toList();
    }

    // ------------------------------------------------------------------------------------------ invites

    @Override
    public synchronized void insertInviteCodes(List<InviteCode> codes) {
        if (codes.stream().map(InviteCode::code).distinct().count() != codes.size()
                || codes.stream().anyMatch(c -> rows.codes.containsKey(c.code()))) {
            throw new StoreException("invite code exists");
        }
        codes.forEach(c -> rows.codes.put(c.code(), c));
    }

    @Override
    public synchronized List<InviteCodeDetails> findInviteCodes(Lookup<InviteCodeField> key) {
        return switch (key.by()) {
            case CODE -> Optional.ofNullable(rows.codes.get(key.value())).map(this::details).stream().toList();
            case ISSUED_TO -> rows.codes.values().stream().filter(c -> c.forAccount().equals(key.value()))
                    .sorted(Comparator.comparing(InviteCode::createdAt).thenComparing(InviteCode::code))
                    .map(this::details).toList();
            case USED_BY -> rows.uses.stream().filter(u -> u.usedBy().equals(key.value()))
                    .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::code))
                    .map(u -> details(rows.codes.get(u.code()))).toList();
        };
    }

    private InviteCodeDetails details(InviteCode code) {
        return new InviteCodeDetails(code, rows.uses.stream().filter(u -> u.code().equals(code.code()))
                .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::usedBy)).toList());
    }

    @Override
    public synchronized void insertInviteCodeUse(InviteCodeUse use) {
        rows.uses.add(use);
    }

    @Override
    public synchronized int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts) {
        int changed = 0;
        for (InviteCode c : List.copyOf(rows.codes.values())) {
            if (!c.disabled() && (codes.contains(c.code()) || forAccounts.contains(c.forAccount()))) {
                rows.codes.put(c.code(), new InviteCode(c.code(), c.availableUses(), true, c.forAccount(),
                        c.createdBy(), c.createdAt()));
                changed++;
            }
        }
        return changed;
    }

    @Override
    public synchronized int deleteInviteCodes(Lookup<InviteCodeField> key) {
        if (key.by() == InviteCodeField.USED_BY) {
            int before = rows.uses.size();
            rows.uses.removeIf(u -> u.usedBy().equals(key.value()));
            return before - rows.uses.size();
        }
        List<String> codes = rows.codes.values().stream().map(InviteCode::code)
                .filter(c -> key.by() == InviteCodeField.CODE ? c.equals(key.value())
                        : rows.codes.get(c).forAccount().equals(key.value()))
                .toList();
        rows.uses.removeIf(u -> codes.contains(u.code()));
        codes.forEach(rows.codes::remove);
        return codes.size();
    }

    @Override
    public synchronized InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        ToLongFunction<InviteCodeDetails> primary = sort == InviteSort.RECENT
                ? d -> d.code().createdAt().toEpochMilli() : d -> d.uses().size();
        Comparator<InviteCodeDetails> descending = Comparator.comparingLong(primary)
                .thenComparing(d -> d.code().code()).reversed();
        List<InviteCodeDetails> rest = rows.codes.values().stream().map(this::details)
                .filter(d -> after.map(c -> primary.applyAsLong(d) < c.primary()
                        || (primary.applyAsLong(d) == c.primary() && d.code().code().compareTo(c.code()) < 0))
                        .orElse(true))
                .sorted(descending).toList();
        List<InviteCodeDetails> page = rest.subList(0, Math.min(limit, rest.size()));
        Optional<InviteCursor> next = rest.size() > limit && !page.isEmpty()
                ? Optional.of(new InviteCursor(primary.applyAsLong(page.get(page.size() - 1)),
                        page.get(page.size() - 1).code().code()))
                : Optional.empty();
        return new InviteCodePage(page, next);
    }

    // ------------------------------------------------------------------------------------------ sessions

    @Override
    public synchronized void insertRefreshToken(RefreshToken token) {
        rows.refreshTokens.putIfAbsent(token.id(), token);
    }

    @Override
    public synchronized List<RefreshToken> findRefreshTokens(Lookup<RefreshTokenField> key) {
        return switch (key.by()) {
            case ID -> Optional.ofNullable(rows.refreshTokens.get(key.value())).stream().toList();
            case ACCOUNT -> rows.refreshTokens.values().stream().filter(t -> t.did().equals(key.value()))
                    .sorted(Comparator.comparing(RefreshToken::expiresAt).thenComparing(RefreshToken::id)).toList();
        };
    }

    @Override
    public synchronized RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        RefreshToken old = rows.refreshTokens.get(id);
        if (old == null) {
            return new RotateResult.NotFound();
        }
        if (old.nextId().isPresent() && !old.nextId().get().equals(successor.id())) {
            return new RotateResult.NextIdConflict(old.nextId().get());
        }
        rows.refreshTokens.put(id, new RefreshToken(id, old.did(), graceExpiresAt, Optional.of(successor.id()),
                old.appPasswordName()));
        rows.refreshTokens.putIfAbsent(successor.id(), successor);
        return new RotateResult.Rotated();
    }

    @Override
    public synchronized int deleteRefreshTokens(String did, Collection<String> ids, Optional<Instant> expiredBy) {
        List<String> doomed = rows.refreshTokens.values().stream()
                .filter(t -> t.did().equals(did))
                .filter(t -> ids.contains(t.id()) || expiredBy.filter(by -> !t.expiresAt().isAfter(by)).isPresent())
                .map(RefreshToken::id).toList();
        doomed.forEach(rows.refreshTokens::remove);
        return doomed.size();
    }

    @Override
    public synchronized boolean insertAppPassword(AppPassword appPassword) {
        return rows.appPasswords.putIfAbsent(List.of(appPassword.did(), appPassword.name()), appPassword) == null;
    }

    @Override
    public synchronized List<AppPassword> findAppPasswords(String did, Optional<String> passwordHash) {
        return rows.appPasswords.values().stream().filter(p -> p.did().equals(did))
                .filter(p -> passwordHash.isEmpty() || p.passwordHash().equals(passwordHash.get()))
                .sorted(Comparator.comparing(AppPassword::createdAt).reversed().thenComparing(AppPassword::name))
                .toList();
    }

    @Override
    public synchronized boolean deleteAppPassword(String did, String name) {
        return rows.appPasswords.remove(List.of(did, name)) != null;
    }

    // ------------------------------------------------------------------------------------------ email tokens

    @Override
    public synchronized void upsertEmailToken(EmailToken token) {
        rows.emailTokens.put(List.of(token.purpose(), token.did()), token);
    }

    @Override
    public synchronized Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, Lookup<EmailTokenField> key) {
        return switch (key.by()) {
            case ACCOUNT -> Optional.ofNullable(rows.emailTokens.get(List.of(purpose, key.value())));
            case TOKEN_HASH -> rows.emailTokens.values().stream()
                    .filter(t -> t.purpose() == purpose && t.tokenHash().equals(key.value())).findFirst();
        };
    }

    @Override
    public synchronized int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes) {
        return (int) purposes.stream().distinct()
                .filter(p -> rows.emailTokens.remove(List.of(p, did)) != null).count();
    }

    // ------------------------------------------------------------------------------------------ signing keys

    @Override
    public synchronized void insertReservedSigningKey(ReservedSigningKey key) {
        rows.reservations.put(key.keyDid(), key);
    }

    @Override
    public synchronized Optional<ReservedSigningKey> findReservedSigningKey(Lookup<ReservationField> key) {
        return switch (key.by()) {
            case KEY_DID -> Optional.ofNullable(rows.reservations.get(key.value()));
            case ACCOUNT_DID -> rows.reservations.values().stream()
                    .filter(k -> k.did().equals(Optional.of(key.value())))
                    .min(Comparator.comparing(ReservedSigningKey::createdAt).thenComparing(ReservedSigningKey::keyDid));
        };
    }

    @Override
    public synchronized long deleteReservedSigningKeys(Collection<String> keyDids, Optional<Instant> createdBefore) {
        keyDids.forEach(rows.reservations::remove);
        createdBefore.ifPresent(cutoff -> rows.reservations.values().removeIf(k -> k.createdAt().isBefore(cutoff)));
        return rows.reservations.size();
    }
}
