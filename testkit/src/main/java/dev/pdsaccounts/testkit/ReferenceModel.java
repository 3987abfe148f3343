package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.AccountField;
import dev.pdsaccounts.account.AccountWriteResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.identity.ReservationField;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeField;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.lookup.Lookup;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.RefreshTokenField;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenField;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The executable specification the model-based store contract compares a store with: the repositories' javadoc
 * written as plainly as possible (lists and linear scans, no indexes, no locking, single-threaded). A
 * transaction is modelled by {@link #copy()}: the work runs on a copy, which replaces the model on commit.
 */
final class ReferenceModel implements StoreAccess {

    private final List<Account> accounts;
    private final List<InviteCode> codes;
    private final List<InviteCodeUse> uses;
    private final List<RefreshToken> refreshTokens;
    private final List<AppPassword> appPasswords;
    private final List<EmailToken> emailTokens;
    private final List<ReservedSigningKey> keys;

    /** An empty model. */
    ReferenceModel() {
        this(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private ReferenceModel(List<Account> accounts, List<InviteCode> codes, List<InviteCodeUse> uses,
                           List<RefreshToken> refreshTokens, List<AppPassword> appPasswords,
                           List<EmailToken> emailTokens, List<ReservedSigningKey> keys) {
        this.accounts = new ArrayList<>(accounts);
        this.codes = new ArrayList<>(codes);
        this.uses = new ArrayList<>(uses);
        this.refreshTokens = new ArrayList<>(refreshTokens);
        this.appPasswords = new ArrayList<>(appPasswords);
        this.emailTokens = new ArrayList<>(emailTokens);
        this.keys = new ArrayList<>(keys);
    }

    /** A copy whose changes do not touch this model (rows are immutable). */
    ReferenceModel copy() {
        return new ReferenceModel(accounts, codes, uses, refreshTokens, appPasswords, emailTokens, keys);
    }

    private static <T> Optional<T> first(List<T> rows, Predicate<T> match) {
        return rows.stream().filter(match).findFirst();
    }

    // ---------------------------------------------------------------------------------------- accounts

    @Override
    public Optional<Account> findAccountByDid(String did) {
        return first(accounts, a -> a.did().equals(did));
    }

    @Override
    public Optional<Account> findAccountByHandle(String handle) {
        return first(accounts, a -> a.handle().equals(handle));
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        return first(accounts, a -> a.email().equals(Optional.of(email)));
    }

    @Override
    public AccountWriteResult insertAccount(Account account) {
        if (findAccountByDid(account.did()).isPresent()) {
            return new AccountWriteResult.DidTaken();
        }
        return checkAndPut(account);
    }

    @Override
    public AccountWriteResult updateAccount(Account account) {
        if (findAccountByDid(account.did()).isEmpty()) {
            return new AccountWriteResult.NotFound();
        }
        return checkAndPut(account);
    }

    private AccountWriteResult checkAndPut(Account account) {
        Predicate<Account> other = a -> !a.did().equals(account.did());
        if (accounts.stream().filter(other).anyMatch(a -> a.handle().equals(account.handle()))) {
            return new AccountWriteResult.HandleTaken();
        }
        if (account.email().isPresent()
                && accounts.stream().filter(other).anyMatch(a -> a.email().equals(account.email()))) {
            return new AccountWriteResult.EmailTaken();
        }
        accounts.removeIf(a -> a.did().equals(account.did()));
        accounts.add(account);
        return new AccountWriteResult.Written();
    }

    @Override
    public boolean deleteAccount(String did) {
        return accounts.removeIf(a -> a.did().equals(did));
    }

    @Override
    public List<Account> listAccounts(Optional<String> emailPrefix, Optional<String> afterDid, int limit) {
        return accounts.stream()
                .filter(a -> emailPrefix.isEmpty()
                        || (a.email().isPresent() && a.email().get().startsWith(emailPrefix.get())))
                .filter(a -> afterDid.isEmpty() || a.did().compareTo(afterDid.get()) > 0)
                .sorted(Comparator.comparing(Account::did))
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public long countAccounts() {
        return accounts.size();
    }

    // ------------------------------------------------------------------------------------ invite codes

    @Override
    public void insertInviteCodes(List<InviteCode> batch) {
        HashSet<String> seen = new HashSet<>();
        for (InviteCode code : batch) {
            if (!seen.add(code.code()) || findCode(code.code()).isPresent()) {
                throw new StoreException("invite code already exists");
            }
        }
        codes.addAll(batch);
    }

    private Optional<InviteCode> findCode(String code) {
        return first(codes, c -> c.code().equals(code));
    }

    private InviteCodeDetails details(InviteCode code) {
        return new InviteCodeDetails(code, uses.stream().filter(u -> u.code().equals(code.code()))
                .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::usedBy)).toList());
    }

    @Override
    public Optional<InviteCodeDetails> findInviteCode(String code) {
        return findCode(code).map(this::details);
    }

    @Override
    public List<InviteCodeDetails> inviteCodesForAccount(String did) {
        return codes.stream().filter(c -> c.forAccount().equals(did))
                .sorted(Comparator.comparing(InviteCode::createdAt).thenComparing(InviteCode::code))
                .map(this::details).toList();
    }

    @Override
    public List<InviteCodeUse> inviteCodeUsesBy(String did) {
        return uses.stream().filter(u -> u.usedBy().equals(did))
                .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::code)).toList();
    }

    @Override
    public void insertInviteCodeUse(InviteCodeUse use) {
        uses.add(use);
    }

    @Override
    public int disableInviteCodes(Collection<String> byCode, Collection<String> forAccounts) {
        int changed = 0;
        for (int i = 0; i < codes.size(); i++) {
            InviteCode c = codes.get(i);
            if (!c.disabled() && (byCode.contains(c.code()) || forAccounts.contains(c.forAccount()))) {
                codes.set(i, new InviteCode(c.code(), c.availableUses(), true, c.forAccount(), c.createdBy(),
                        c.createdAt()));
                changed++;
            }
        }
        return changed;
    }

    @Override
    public int deleteInviteCodes(Lookup<InviteCodeField> key) {
        if (key.by() == InviteCodeField.USED_BY) {
            int before = uses.size();
            uses.removeIf(u -> u.usedBy().equals(key.value()));
            return before - uses.size();
        }
        List<String> doomed = codes.stream()
                .filter(c -> (key.by() == InviteCodeField.CODE ? c.code() : c.forAccount()).equals(key.value()))
                .map(InviteCode::code).toList();
        codes.removeIf(c -> doomed.contains(c.code()));
        uses.removeIf(u -> doomed.contains(u.code()));
        return doomed.size();
    }

    @Override
    public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        List<InviteCursor> keys = codes.stream()
                .map(c -> new InviteCursor(sort == InviteSort.RECENT ? c.createdAt().toEpochMilli()
                        : details(c).uses().size(), c.code()))
                .filter(k -> after.isEmpty() || k.primary() < after.get().primary()
                        || (k.primary() == after.get().primary() && k.code().compareTo(after.get().code()) < 0))
                .sorted(Comparator.comparingLong(InviteCursor::primary).thenComparing(InviteCursor::code).reversed())
                .toList();
        List<InviteCursor> page = keys.subList(0, Math.max(0, Math.min(limit, keys.size())));
        Optional<InviteCursor> next = keys.size() > page.size() && !page.isEmpty()
                ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
        return new InviteCodePage(page.stream().map(k -> findInviteCode(k.code()).orElseThrow()).toList(), next);
    }

    // ---------------------------------------------------------------------------------- refresh tokens

    @Override
    public void insertRefreshToken(RefreshToken token) {
        if (findRefreshToken(token.id()).isEmpty()) {
            refreshTokens.add(token);
        }
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String id) {
        return first(refreshTokens, t -> t.id().equals(id));
    }

    @Override
    public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        Optional<RefreshToken> row = findRefreshToken(id);
        if (row.isEmpty()) {
            return new RotateResult.NotFound();
        }
        RefreshToken old = row.get();
        if (old.nextId().isPresent() && !old.nextId().get().equals(successor.id())) {
            return new RotateResult.NextIdConflict(old.nextId().get());
        }
        refreshTokens.set(refreshTokens.indexOf(old), new RefreshToken(id, old.did(), graceExpiresAt,
                Optional.of(successor.id()), old.appPasswordName()));
        insertRefreshToken(successor);
        return new RotateResult.Rotated();
    }

    @Override
    public List<RefreshToken> refreshTokensOf(String did) {
        return refreshTokens.stream().filter(t -> t.did().equals(did)).toList();
    }

    @Override
    public int deleteRefreshTokens(String did, Collection<String> ids, Optional<Instant> expiredBy) {
        int before = refreshTokens.size();
        refreshTokens.removeIf(t -> t.did().equals(did)
                && (ids.contains(t.id()) || (expiredBy.isPresent() && !t.expiresAt().isAfter(expiredBy.get()))));
        return before - refreshTokens.size();
    }

    // ----------------------------------------------------------------------------------- app passwords

    @Override
    public boolean insertAppPassword(AppPassword appPassword) {
        if (appPasswords.stream().anyMatch(p -> p.did().equals(appPassword.did())
                && p.name().equals(appPassword.name()))) {
            return false;
        }
        return appPasswords.add(appPassword);
    }

    @Override
    public List<AppPassword> appPasswordsOf(String did) {
        return appPasswords.stream().filter(p -> p.did().equals(did))
                .sorted(Comparator.comparing(AppPassword::createdAt).reversed().thenComparing(AppPassword::name))
                .toList();
    }

    @Override
    public Optional<AppPassword> findAppPasswordByHash(String did, String passwordHash) {
        return first(appPasswordsOf(did), p -> p.passwordHash().equals(passwordHash));
    }

    @Override
    public boolean deleteAppPassword(String did, String name) {
        return appPasswords.removeIf(p -> p.did().equals(did) && p.name().equals(name));
    }

    // ------------------------------------------------------------------------------------ email tokens

    @Override
    public void upsertEmailToken(EmailToken token) {
        if (emailTokens.stream().anyMatch(t -> t.purpose() == token.purpose()
                && t.tokenHash().equals(token.tokenHash()) && !t.did().equals(token.did()))) {
            throw new StoreException("token hash already held for this purpose");
        }
        emailTokens.removeIf(t -> t.purpose() == token.purpose() && t.did().equals(token.did()));
        emailTokens.add(token);
    }

    @Override
    public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did) {
        return first(emailTokens, t -> t.purpose() == purpose && t.did().equals(did));
    }

    @Override
    public Optional<EmailToken> findEmailTokenByHash(EmailTokenPurpose purpose, String tokenHash) {
        return first(emailTokens, t -> t.purpose() == purpose && t.tokenHash().equals(tokenHash));
    }

    @Override
    public int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes) {
        int before = emailTokens.size();
        emailTokens.removeIf(t -> t.did().equals(did) && purposes.contains(t.purpose()));
        return before - emailTokens.size();
    }

    // --------------------------------------------------------------------------- reserved signing keys

    @Override
    public void insertReservedSigningKey(ReservedSigningKey key) {
        keys.removeIf(k -> k.keyDid().equals(key.keyDid()));
        keys.add(key);
    }

    @Override
    public Optional<ReservedSigningKey> findReservedSigningKey(String keyDid) {
        return first(keys, k -> k.keyDid().equals(keyDid));
    }

    @Override
    public Optional<ReservedSigningKey> findReservedSigningKeyForDid(String did) {
        return keys.stream().filter(k -> k.did().equals(Optional.of(did)))
                .min(Comparator.comparing(ReservedSigningKey::createdAt).thenComparing(ReservedSigningKey::keyDid));
    }

    @Override
    public long deleteReservedSigningKeys(Collection<String> keyDids, Optional<Instant> createdBefore) {
        keys.removeIf(k -> keyDids.contains(k.keyDid())
                || (createdBefore.isPresent() && k.createdAt().isBefore(createdBefore.get())));
        return keys.size();
    }

    // The port's lookups by key, answered by the model's own finders above and below.

    @Override
    public Optional<Account> findAccount(Lookup<AccountField> key) {
        return switch (key.by()) {
            case DID -> findAccountByDid(key.value());
            case HANDLE -> findAccountByHandle(key.value());
            case EMAIL -> findAccountByEmail(key.value());
        };
    }

    @Override
    public List<InviteCodeDetails> findInviteCodes(Lookup<InviteCodeField> key) {
        return switch (key.by()) {
            case CODE -> findInviteCode(key.value()).stream().toList();
            case ISSUED_TO -> inviteCodesForAccount(key.value());
            case USED_BY -> inviteCodeUsesBy(key.value()).stream()
                    .map(u -> findInviteCode(u.code()).orElseThrow()).toList();
        };
    }

    @Override
    public List<RefreshToken> findRefreshTokens(Lookup<RefreshTokenField> key) {
        return switch (key.by()) {
            case ID -> findRefreshToken(key.value()).stream().toList();
            case ACCOUNT -> refreshTokensOf(key.value());
        };
    }

    @Override
    public List<AppPassword> findAppPasswords(String did, Optional<String> passwordHash) {
        return appPasswordsOf(did).stream()
                .filter(p -> passwordHash.isEmpty() || p.passwordHash().equals(passwordHash.get())).toList();
    }

    @Override
    public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, Lookup<EmailTokenField> key) {
        return switch (key.by()) {
            case ACCOUNT -> findEmailToken(purpose, key.value());
            case TOKEN_HASH -> findEmailTokenByHash(purpose, key.value());
        };
    }

    @Override
    public Optional<ReservedSigningKey> findReservedSigningKey(Lookup<ReservationField> key) {
        return switch (key.by()) {
            case KEY_DID -> findReservedSigningKey(key.value());
            case ACCOUNT_DID -> findReservedSigningKeyForDid(key.value());
        };
    }
}
