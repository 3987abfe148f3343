package dev.pdsaccounts.testkit;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.CreateAccountResult;
import dev.pdsaccounts.account.NewAccount;
import dev.pdsaccounts.account.UpdateResult;
import dev.pdsaccounts.error.StoreException;
import dev.pdsaccounts.identity.ReservedSigningKey;
import dev.pdsaccounts.invite.EarnInviteCodesResult;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeUse;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.CreateAppPasswordResult;
import dev.pdsaccounts.session.RefreshToken;
import dev.pdsaccounts.session.RotateResult;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenPurpose;
import dev.pdsaccounts.token.TokenEffect;
import dev.pdsaccounts.token.TokenUseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The executable specification the model-based contract compares a store with: the port's javadoc written
 * as plainly as possible (lists and linear scans, no indexes, no locking, single-threaded). Anonymised use
 * records get {@code did:deleted:model-N} values; comparisons treat every {@code did:deleted:} value alike.
 */
final class ReferenceModel implements AccountStore {

    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final List<AppPassword> appPasswords = new ArrayList<>();
    private final List<EmailToken> emailTokens = new ArrayList<>();
    private final Map<String, InviteCode> codes = new HashMap<>();
    private final List<InviteCodeUse> uses = new ArrayList<>();
    private final List<ReservedSigningKey> reservedKeys = new ArrayList<>();
    private int anonymous;

    @Override
    public CreateAccountResult createAccount(NewAccount newAccount) {
        Account account = newAccount.account();
        if (accounts.containsKey(account.did())) {
            return new CreateAccountResult.DidTaken();
        }
        if (findAccountByHandle(account.handle()).isPresent()) {
            return new CreateAccountResult.HandleTaken();
        }
        if (account.email().isPresent() && findAccountByEmail(account.email().get()).isPresent()) {
            return new CreateAccountResult.EmailTaken();
        }
        if (newAccount.inviteCode().isPresent() && !isInviteCodeAvailable(newAccount.inviteCode().get())) {
            return new CreateAccountResult.InviteUnavailable();
        }
        accounts.put(account.did(), account);
        newAccount.inviteCode().ifPresent(code -> uses.add(new InviteCodeUse(code, account.did(),
                newAccount.createdAt())));
        newAccount.refreshToken().ifPresent(this::insertRefreshToken);
        return new CreateAccountResult.Created();
    }

    @Override
    public Optional<Account> findAccountByDid(String did) {
        return Optional.ofNullable(accounts.get(did));
    }

    @Override
    public Optional<Account> findAccountByHandle(String handle) {
        return accounts.values().stream().filter(a -> a.handle().equals(handle)).findFirst();
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        return accounts.values().stream().filter(a -> a.email().equals(Optional.of(email))).findFirst();
    }

    @Override
    public UpdateResult updateHandle(String did, String handle) {
        Account account = accounts.get(did);
        if (account == null) {
            return new UpdateResult.NotFound();
        }
        Optional<Account> holder = findAccountByHandle(handle);
        if (holder.isPresent() && !holder.get().did().equals(did)) {
            return new UpdateResult.HandleTaken();
        }
        accounts.put(did, account.withHandle(handle));
        return new UpdateResult.Updated();
    }

    @Override
    public UpdateResult updateEmail(String did, String email) {
        Account account = accounts.get(did);
        if (account == null) {
            return new UpdateResult.NotFound();
        }
        Optional<Account> holder = findAccountByEmail(email);
        if (holder.isPresent() && !holder.get().did().equals(did)) {
            return new UpdateResult.EmailTaken();
        }
        accounts.put(did, account.withEmail(email));
        deleteEmailTokensOf(did);
        return new UpdateResult.Updated();
    }

    @Override
    public boolean updatePassword(String did, String passwordHash) {
        if (!update(did, a -> a.withPasswordHash(passwordHash))) {
            return false;
        }
        deleteRefreshTokensOf(did);
        emailTokens.removeIf(t -> t.did().equals(did) && t.purpose() == EmailTokenPurpose.RESET_PASSWORD);
        return true;
    }

    @Override
    public boolean upgradePasswordHash(String did, String expectedHash, String newHash) {
        Account account = accounts.get(did);
        if (account == null || !account.passwordHash().equals(Optional.of(expectedHash))) {
            return false;
        }
        accounts.put(did, account.withPasswordHash(newHash));
        return true;
    }

    @Override
    public boolean updateTakedown(String did, Optional<String> takedownRef) {
        if (!update(did, a -> a.withTakedownRef(takedownRef))) {
            return false;
        }
        deleteRefreshTokensOf(did);
        return true;
    }

    @Override
    public boolean updateDeactivation(String did, Optional<Instant> deactivatedAt, Optional<Instant> deleteAfter) {
        return update(did, a -> a.withDeactivation(deactivatedAt, deleteAfter));
    }

    @Override
    public boolean updateInvitesDisabled(String did, boolean disabled) {
        return update(did, a -> a.withInvitesDisabled(disabled));
    }

    @Override
    public boolean updateEmailConfirmedAt(String did, Instant confirmedAt) {
        return update(did, a -> a.withEmailConfirmedAt(confirmedAt));
    }

    @Override
    public boolean updateSigningKey(String did, String signingKey) {
        return update(did, a -> a.withSigningKey(Optional.of(signingKey)));
    }

    @Override
    public boolean deleteAccount(String did) {
        boolean existed = accounts.remove(did) != null;
        deleteRefreshTokensOf(did);
        appPasswords.removeIf(p -> p.did().equals(did));
        deleteEmailTokensOf(did);
        List<String> issued = codes.values().stream().filter(c -> c.forAccount().equals(did))
                .map(InviteCode::code).toList();
        issued.forEach(codes::remove);
        uses.removeIf(u -> issued.contains(u.code()));
        uses.replaceAll(u -> u.usedBy().equals(did)
                ? new InviteCodeUse(u.code(), "did:deleted:model-" + (++anonymous), u.usedAt())
                : u);
        return existed;
    }

    @Override
    public List<Account> searchAccountsByEmail(String emailPrefix, Optional<String> afterDid, int limit) {
        return accounts.values().stream()
                .filter(a -> a.email().isPresent() && a.email().get().startsWith(emailPrefix))
                .filter(a -> afterDid.isEmpty() || a.did().compareTo(afterDid.get()) > 0)
                .sorted(Comparator.comparing(Account::did))
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public long countAccounts() {
        return accounts.size();
    }

    @Override
    public void insertInviteCodes(List<InviteCode> newCodes) {
        requireNew(newCodes);
        newCodes.forEach(c -> codes.put(c.code(), c));
    }

    @Override
    public EarnInviteCodesResult insertEarnedInviteCodes(String did, int expectedEarnedCount,
                                                         List<InviteCode> newCodes) {
        long earned = codes.values().stream().filter(c -> c.forAccount().equals(did) && c.isEarned()).count();
        if (earned != expectedEarnedCount) {
            return new EarnInviteCodesResult.ConcurrentCreate();
        }
        insertInviteCodes(newCodes);
        return new EarnInviteCodesResult.Created();
    }

    @Override
    public Optional<InviteCodeDetails> findInviteCode(String code) {
        return Optional.ofNullable(codes.get(code)).map(this::details);
    }

    @Override
    public boolean isInviteCodeAvailable(String code) {
        InviteCode invite = codes.get(code);
        if (invite == null || invite.disabled() || usesOf(code).size() >= invite.availableUses()) {
            return false;
        }
        Account issuer = accounts.get(invite.forAccount());
        return issuer == null || !issuer.isTakenDown();
    }

    @Override
    public List<InviteCodeDetails> inviteCodesForAccount(String did) {
        return codes.values().stream().filter(c -> c.forAccount().equals(did))
                .sorted(Comparator.comparing(InviteCode::createdAt)).map(this::details).toList();
    }

    @Override
    public Optional<InviteCodeUse> inviteCodeUseOf(String did) {
        return uses.stream().filter(u -> u.usedBy().equals(did)).findFirst();
    }

    @Override
    public int disableInviteCodes(Collection<String> byCode, Collection<String> forAccounts) {
        int changed = 0;
        for (InviteCode c : List.copyOf(codes.values())) {
            if (!c.disabled() && (byCode.contains(c.code()) || forAccounts.contains(c.forAccount()))) {
                codes.put(c.code(), new InviteCode(c.code(), c.availableUses(), true, c.forAccount(), c.createdBy(),
                        c.createdAt()));
                changed++;
            }
        }
        return changed;
    }

    @Override
    public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        Comparator<InviteCode> order = Comparator.<InviteCode>comparingLong(c -> primary(sort, c))
                .thenComparing(InviteCode::code).reversed();
        Predicate<InviteCode> isAfter = c -> after.isEmpty()
                || primary(sort, c) < after.get().primary()
                || (primary(sort, c) == after.get().primary() && c.code().compareTo(after.get().code()) < 0);
        List<InviteCode> rest = codes.values().stream().filter(isAfter).sorted(order).toList();
        List<InviteCode> page = rest.subList(0, Math.min(Math.max(0, limit), rest.size()));
        Optional<InviteCursor> next = rest.size() > page.size() && !page.isEmpty()
                ? Optional.of(new InviteCursor(primary(sort, page.get(page.size() - 1)),
                        page.get(page.size() - 1).code()))
                : Optional.empty();
        return new InviteCodePage(page.stream().map(this::details).toList(), next);
    }

    @Override
    public void insertRefreshToken(RefreshToken token) {
        refreshTokens.putIfAbsent(token.id(), token);
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String id) {
        return Optional.ofNullable(refreshTokens.get(id));
    }

    @Override
    public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        RefreshToken row = refreshTokens.get(id);
        if (row == null) {
            return new RotateResult.NotFound();
        }
        if (row.nextId().isPresent() && !row.nextId().get().equals(successor.id())) {
            return new RotateResult.NextIdConflict(row.nextId().get());
        }
        refreshTokens.put(id, new RefreshToken(id, row.did(), graceExpiresAt, Optional.of(successor.id()),
                row.appPasswordName()));
        insertRefreshToken(successor);
        return new RotateResult.Rotated();
    }

    @Override
    public int deleteExpiredRefreshTokens(String did, Instant now) {
        return removeTokens(t -> t.did().equals(did) && !t.expiresAt().isAfter(now));
    }

    @Override
    public boolean deleteRefreshToken(String id) {
        return refreshTokens.remove(id) != null;
    }

    @Override
    public int deleteRefreshTokensOf(String did) {
        return removeTokens(t -> t.did().equals(did));
    }

    @Override
    public List<RefreshToken> refreshTokensOf(String did) {
        return refreshTokens.values().stream().filter(t -> t.did().equals(did)).toList();
    }

    @Override
    public CreateAppPasswordResult insertAppPassword(AppPassword appPassword) {
        if (!accounts.containsKey(appPassword.did())) {
            return new CreateAppPasswordResult.AccountNotFound();
        }
        if (findAppPassword(appPassword.did(), appPassword.name()).isPresent()) {
            return new CreateAppPasswordResult.DuplicateName();
        }
        appPasswords.add(appPassword);
        return new CreateAppPasswordResult.Created();
    }

    @Override
    public List<AppPassword> appPasswordsOf(String did) {
        return appPasswords.stream().filter(p -> p.did().equals(did))
                .sorted(Comparator.comparing(AppPassword::createdAt).reversed()).toList();
    }

    @Override
    public Optional<AppPassword> findAppPassword(String did, String name) {
        return appPasswords.stream().filter(p -> p.did().equals(did) && p.name().equals(name)).findFirst();
    }

    @Override
    public boolean deleteAppPassword(String did, String name) {
        if (!appPasswords.removeIf(p -> p.did().equals(did) && p.name().equals(name))) {
            return false;
        }
        removeTokens(t -> t.did().equals(did) && t.appPasswordName().equals(Optional.of(name)));
        return true;
    }

    @Override
    public void upsertEmailToken(EmailToken token) {
        if (emailTokens.stream().anyMatch(t -> t.purpose() == token.purpose()
                && t.tokenHash().equals(token.tokenHash()) && !t.did().equals(token.did()))) {
            throw new StoreException("model: token hash held by another account");
        }
        emailTokens.removeIf(t -> t.purpose() == token.purpose() && t.did().equals(token.did()));
        emailTokens.add(token);
    }

    @Override
    public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did) {
        return emailTokens.stream().filter(t -> t.purpose() == purpose && t.did().equals(did)).findFirst();
    }

    @Override
    public TokenUseResult useEmailToken(EmailTokenPurpose purpose, Optional<String> did, String tokenHash,
                                        Instant issuedNotBefore, TokenEffect effect) {
        Optional<EmailToken> found = emailTokens.stream()
                .filter(t -> t.purpose() == purpose && t.tokenHash().equals(tokenHash)
                        && (did.isEmpty() || t.did().equals(did.get())))
                .findFirst();
        if (found.isEmpty()) {
            return new TokenUseResult.Invalid();
        }
        EmailToken token = found.get();
        if (token.requestedAt().isBefore(issuedNotBefore)) {
            return new TokenUseResult.Expired();
        }
        String owner = token.did();
        Account account = accounts.get(owner);
        if (account == null) {
            return new TokenUseResult.Invalid();
        }
        if (effect instanceof TokenEffect.CheckOnly) {
            return new TokenUseResult.Used(owner);
        }
        if (effect instanceof TokenEffect.SetPassword setPassword) {
            accounts.put(owner, account.withPasswordHash(setPassword.passwordHash()));
            deleteRefreshTokensOf(owner);
        } else if (effect instanceof TokenEffect.ConfirmEmail confirm) {
            if (!account.email().equals(Optional.of(confirm.email()))) {
                return new TokenUseResult.EmailMismatch();
            }
            accounts.put(owner, account.withEmailConfirmedAt(confirm.confirmedAt()));
        } else if (effect instanceof TokenEffect.UpdateEmail update) {
            if (updateEmail(owner, update.email()) instanceof UpdateResult.EmailTaken) {
                return new TokenUseResult.EmailTaken();
            }
        } else if (effect instanceof TokenEffect.DeleteAccount) {
            deleteAccount(owner);
        }
        emailTokens.remove(token);
        return new TokenUseResult.Used(owner);
    }

    @Override
    public int deleteEmailTokensOf(String did) {
        int before = emailTokens.size();
        emailTokens.removeIf(t -> t.did().equals(did));
        return before - emailTokens.size();
    }

    @Override
    public void reserveSigningKey(ReservedSigningKey key) {
        reservedKeys.removeIf(k -> k.keyDid().equals(key.keyDid())
                || (key.did().isPresent() && k.did().equals(key.did())));
        reservedKeys.add(key);
    }

    @Override
    public Optional<ReservedSigningKey> takeReservedSigningKey(String didOrKeyDid) {
        Optional<ReservedSigningKey> found = reservedKeys.stream()
                .filter(k -> k.did().equals(Optional.of(didOrKeyDid))).findFirst()
                .or(() -> reservedKeys.stream().filter(k -> k.keyDid().equals(didOrKeyDid)).findFirst());
        found.ifPresent(reservedKeys::remove);
        return found;
    }

    private boolean update(String did, UnaryOperator<Account> change) {
        Account account = accounts.get(did);
        if (account == null) {
            return false;
        }
        accounts.put(did, change.apply(account));
        return true;
    }

    private int removeTokens(Predicate<RefreshToken> which) {
        List<String> ids = refreshTokens.values().stream().filter(which).map(RefreshToken::id).toList();
        ids.forEach(refreshTokens::remove);
        return ids.size();
    }

    private void requireNew(List<InviteCode> newCodes) {
        List<String> seen = new ArrayList<>();
        for (InviteCode c : newCodes) {
            if (codes.containsKey(c.code()) || seen.contains(c.code())) {
                throw new StoreException("model: invite code exists");
            }
            seen.add(c.code());
        }
    }

    private List<InviteCodeUse> usesOf(String code) {
        return uses.stream().filter(u -> u.code().equals(code)).toList();
    }

    private InviteCodeDetails details(InviteCode code) {
        return new InviteCodeDetails(code, usesOf(code.code()).stream()
                .sorted(Comparator.comparing(InviteCodeUse::usedAt)).toList());
    }

    private long primary(InviteSort sort, InviteCode code) {
        return sort == InviteSort.RECENT ? code.createdAt().toEpochMilli() : usesOf(code.code()).size();
    }
}
