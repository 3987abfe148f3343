package dev.pdsaccounts.store.memory;

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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A thread-safe {@link AccountStore} that keeps everything in memory: for tests, demos and single-process
 * hosts that do not need durability.
 *
 * <p>Every operation runs under one {@link ReentrantReadWriteLock} (reads under the read lock, writes under
 * the write lock), so each is atomic and linearizable with respect to all others. Rows are immutable
 * records, so returned values never expose internal state; lists are fresh copies. Lookups by DID, handle,
 * email, token id, code and token hash are hash or tree lookups; only the admin invite listing and the
 * email search by an empty prefix scan.
 *
 * <p>Nothing here fails for infrastructure reasons. The only {@link StoreException}s are the ones a
 * database's unique constraints would raise for inputs the domain never produces: an invite code that
 * already exists, and an email-token hash already held by another account for the same purpose.
 */
public final class InMemoryAccountStore implements AccountStore {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String DELETED_DID_PREFIX = "did:deleted:";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SecureRandom random = new SecureRandom();

    private final NavigableMap<String, Account> accounts = new TreeMap<>();
    private final Map<String, String> didByHandle = new HashMap<>();
    private final NavigableMap<String, String> didByEmail = new TreeMap<>();

    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final Map<String, Set<String>> refreshTokenIdsByDid = new HashMap<>();

    private final Map<String, Map<String, AppPassword>> appPasswordsByDid = new HashMap<>();

    private final Map<String, EnumMap<EmailTokenPurpose, EmailToken>> emailTokensByDid = new HashMap<>();
    private final Map<TokenKey, String> didByTokenHash = new HashMap<>();

    private final Map<String, InviteCode> inviteCodes = new HashMap<>();
    private final Map<String, Set<String>> codesByForAccount = new HashMap<>();
    private final Map<String, List<InviteCodeUse>> usesByCode = new HashMap<>();
    private final Map<String, Set<String>> codesUsedBy = new HashMap<>();

    /** Reserved signing keys by their did:key, in reservation order. */
    private final Map<String, ReservedSigningKey> reservedKeys = new LinkedHashMap<>();

    /** An empty store. */
    public InMemoryAccountStore() {
        // Everything is initialised in the field declarations.
    }

    // ------------------------------------------------------------------------------------------ accounts

    @Override
    public CreateAccountResult createAccount(NewAccount newAccount) {
        Objects.requireNonNull(newAccount, "newAccount");
        Account account = newAccount.account();
        return write(() -> {
            if (accounts.containsKey(account.did())) {
                return new CreateAccountResult.DidTaken();
            }
            if (didByHandle.containsKey(account.handle())) {
                return new CreateAccountResult.HandleTaken();
            }
            if (account.email().isPresent() && didByEmail.containsKey(account.email().get())) {
                return new CreateAccountResult.EmailTaken();
            }
            if (newAccount.inviteCode().isPresent() && !isAvailableLocked(newAccount.inviteCode().get())) {
                return new CreateAccountResult.InviteUnavailable();
            }
            putAccountLocked(account);
            newAccount.inviteCode().ifPresent(code ->
                    addUseLocked(new InviteCodeUse(code, account.did(), newAccount.createdAt())));
            newAccount.refreshToken().ifPresent(this::insertRefreshTokenLocked);
            return new CreateAccountResult.Created();
        });
    }

    @Override
    public Optional<Account> findAccountByDid(String did) {
        Objects.requireNonNull(did, "did");
        return read(() -> Optional.ofNullable(accounts.get(did)));
    }

    @Override
    public Optional<Account> findAccountByHandle(String handle) {
        Objects.requireNonNull(handle, "handle");
        return read(() -> Optional.ofNullable(didByHandle.get(handle)).map(accounts::get));
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        Objects.requireNonNull(email, "email");
        return read(() -> Optional.ofNullable(didByEmail.get(email)).map(accounts::get));
    }

    @Override
    public UpdateResult updateHandle(String did, String handle) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(handle, "handle");
        return write(() -> {
            Account account = accounts.get(did);
            if (account == null) {
                return new UpdateResult.NotFound();
            }
            String holder = didByHandle.get(handle);
            if (holder != null && !holder.equals(did)) {
                return new UpdateResult.HandleTaken();
            }
            if (holder == null) {
                replaceAccountLocked(account, account.withHandle(handle));
            }
            return new UpdateResult.Updated();
        });
    }

    @Override
    public UpdateResult updateEmail(String did, String email) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(email, "email");
        return write(() -> {
            Account account = accounts.get(did);
            if (account == null) {
                return new UpdateResult.NotFound();
            }
            if (!setEmailLocked(account, email)) {
                return new UpdateResult.EmailTaken();
            }
            return new UpdateResult.Updated();
        });
    }

    @Override
    public boolean updatePassword(String did, String passwordHash) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(passwordHash, "passwordHash");
        return write(() -> {
            Account account = accounts.get(did);
            if (account == null) {
                return false;
            }
            replaceAccountLocked(account, account.withPasswordHash(passwordHash));
            deleteRefreshTokensOfLocked(did);
            deleteEmailTokenLocked(EmailTokenPurpose.RESET_PASSWORD, did);
            return true;
        });
    }

    @Override
    public boolean upgradePasswordHash(String did, String expectedHash, String newHash) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(newHash, "newHash");
        return write(() -> {
            Account account = accounts.get(did);
            if (account == null || !account.passwordHash().equals(Optional.of(expectedHash))) {
                return false;
            }
            replaceAccountLocked(account, account.withPasswordHash(newHash));
            return true;
        });
    }

    @Override
    public boolean updateTakedown(String did, Optional<String> takedownRef) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(takedownRef, "takedownRef");
        return write(() -> {
            Account account = accounts.get(did);
            if (account == null) {
                return false;
            }
            replaceAccountLocked(account, account.withTakedownRef(takedownRef));
            deleteRefreshTokensOfLocked(did);
            return true;
        });
    }

    @Override
    public boolean updateDeactivation(String did, Optional<Instant> deactivatedAt, Optional<Instant> deleteAfter) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
        Objects.requireNonNull(deleteAfter, "deleteAfter");
        return updateAccount(did, account -> account.withDeactivation(deactivatedAt, deleteAfter));
    }

    @Override
    public boolean updateInvitesDisabled(String did, boolean disabled) {
        Objects.requireNonNull(did, "did");
        return updateAccount(did, account -> account.withInvitesDisabled(disabled));
    }

    @Override
    public boolean updateEmailConfirmedAt(String did, Instant confirmedAt) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        return updateAccount(did, account -> account.withEmailConfirmedAt(confirmedAt));
    }

    @Override
    public boolean updateSigningKey(String did, String signingKey) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(signingKey, "signingKey");
        return updateAccount(did, account -> account.withSigningKey(Optional.of(signingKey)));
    }

    @Override
    public boolean deleteAccount(String did) {
        Objects.requireNonNull(did, "did");
        return write(() -> deleteAccountLocked(did));
    }

    @Override
    public List<Account> searchAccountsByEmail(String emailPrefix, Optional<String> afterDid, int limit) {
        Objects.requireNonNull(emailPrefix, "emailPrefix");
        Objects.requireNonNull(afterDid, "afterDid");
        if (limit <= 0) {
            return List.of();
        }
        return read(() -> {
            List<Account> result = new ArrayList<>();
            if (emailPrefix.isEmpty()) {
                Map<String, Account> tail = afterDid.isPresent() ? accounts.tailMap(afterDid.get(), false) : accounts;
                for (Account account : tail.values()) {
                    if (account.email().isPresent()) {
                        result.add(account);
                        if (result.size() == limit) {
                            break;
                        }
                    }
                }
                return List.copyOf(result);
            }
            TreeMap<String, Account> matches = new TreeMap<>();
            for (Map.Entry<String, String> entry : didByEmail.tailMap(emailPrefix, true).entrySet()) {
                if (!entry.getKey().startsWith(emailPrefix)) {
                    break;
                }
                String did = entry.getValue();
                if (afterDid.isEmpty() || did.compareTo(afterDid.get()) > 0) {
                    matches.put(did, accounts.get(did));
                }
            }
            for (Account account : matches.values()) {
                result.add(account);
                if (result.size() == limit) {
                    break;
                }
            }
            return List.copyOf(result);
        });
    }

    @Override
    public long countAccounts() {
        return read(() -> (long) accounts.size());
    }

    // -------------------------------------------------------------------------------------- invite codes

    @Override
    public void insertInviteCodes(List<InviteCode> codes) {
        Objects.requireNonNull(codes, "codes");
        List<InviteCode> copy = List.copyOf(codes);
        write(() -> {
            requireNewCodesLocked(copy);
            copy.forEach(this::putInviteCodeLocked);
            return null;
        });
    }

    @Override
    public EarnInviteCodesResult insertEarnedInviteCodes(String did, int expectedEarnedCount, List<InviteCode> codes) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(codes, "codes");
        List<InviteCode> copy = List.copyOf(codes);
        return write(() -> {
            long earned = codesByForAccount.getOrDefault(did, Set.of()).stream()
                    .map(inviteCodes::get)
                    .filter(InviteCode::isEarned)
                    .count();
            if (earned != expectedEarnedCount) {
                return new EarnInviteCodesResult.ConcurrentCreate();
            }
            requireNewCodesLocked(copy);
            copy.forEach(this::putInviteCodeLocked);
            return new EarnInviteCodesResult.Created();
        });
    }

    @Override
    public Optional<InviteCodeDetails> findInviteCode(String code) {
        Objects.requireNonNull(code, "code");
        return read(() -> Optional.ofNullable(inviteCodes.get(code)).map(this::detailsLocked));
    }

    @Override
    public boolean isInviteCodeAvailable(String code) {
        Objects.requireNonNull(code, "code");
        return read(() -> isAvailableLocked(code));
    }

    @Override
    public List<InviteCodeDetails> inviteCodesForAccount(String did) {
        Objects.requireNonNull(did, "did");
        return read(() -> codesByForAccount.getOrDefault(did, Set.of()).stream()
                .map(inviteCodes::get)
                .sorted(Comparator.comparing(InviteCode::createdAt).thenComparing(InviteCode::code))
                .map(this::detailsLocked)
                .toList());
    }

    @Override
    public Optional<InviteCodeUse> inviteCodeUseOf(String did) {
        Objects.requireNonNull(did, "did");
        return read(() -> codesUsedBy.getOrDefault(did, Set.of()).stream()
                .flatMap(code -> usesByCode.getOrDefault(code, List.of()).stream())
                .filter(use -> use.usedBy().equals(did))
                .min(Comparator.comparing(InviteCodeUse::usedAt)));
    }

    @Override
    public int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts) {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(forAccounts, "forAccounts");
        List<String> codeList = List.copyOf(codes);
        List<String> accountList = List.copyOf(forAccounts);
        return write(() -> {
            Set<String> targets = new HashSet<>(codeList);
            for (String account : accountList) {
                targets.addAll(codesByForAccount.getOrDefault(account, Set.of()));
            }
            int changed = 0;
            for (String code : targets) {
                InviteCode current = inviteCodes.get(code);
                if (current != null && !current.disabled()) {
                    inviteCodes.put(code, new InviteCode(current.code(), current.availableUses(), true,
                            current.forAccount(), current.createdBy(), current.createdAt()));
                    changed++;
                }
            }
            return changed;
        });
    }

    @Override
    public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(after, "after");
        if (limit <= 0) {
            return new InviteCodePage(List.of(), Optional.empty());
        }
        return read(() -> {
            List<Keyed> rows = new ArrayList<>(inviteCodes.size());
            for (InviteCode code : inviteCodes.values()) {
                long primary = sort == InviteSort.RECENT
                        ? code.createdAt().toEpochMilli()
                        : usesByCode.getOrDefault(code.code(), List.of()).size();
                if (after.isEmpty() || isAfter(primary, code.code(), after.get())) {
                    rows.add(new Keyed(primary, code));
                }
            }
            rows.sort(Comparator.comparingLong(Keyed::primary).thenComparing(k -> k.code().code()).reversed());
            List<Keyed> page = rows.subList(0, Math.min(limit, rows.size()));
            Optional<InviteCursor> next = rows.size() > limit
                    ? Optional.of(new InviteCursor(page.get(page.size() - 1).primary(),
                            page.get(page.size() - 1).code().code()))
                    : Optional.empty();
            return new InviteCodePage(page.stream().map(k -> detailsLocked(k.code())).toList(), next);
        });
    }

    // ------------------------------------------------------------------------------------ refresh tokens

    @Override
    public void insertRefreshToken(RefreshToken token) {
        Objects.requireNonNull(token, "token");
        write(() -> {
            insertRefreshTokenLocked(token);
            return null;
        });
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String id) {
        Objects.requireNonNull(id, "id");
        return read(() -> Optional.ofNullable(refreshTokens.get(id)));
    }

    @Override
    public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(graceExpiresAt, "graceExpiresAt");
        Objects.requireNonNull(successor, "successor");
        return write(() -> {
            RefreshToken row = refreshTokens.get(id);
            if (row == null) {
                return new RotateResult.NotFound();
            }
            if (row.nextId().isPresent() && !row.nextId().get().equals(successor.id())) {
                return new RotateResult.NextIdConflict(row.nextId().get());
            }
            refreshTokens.put(id, new RefreshToken(id, row.did(), graceExpiresAt, Optional.of(successor.id()),
                    row.appPasswordName()));
            insertRefreshTokenLocked(successor);
            return new RotateResult.Rotated();
        });
    }

    @Override
    public int deleteExpiredRefreshTokens(String did, Instant now) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(now, "now");
        return write(() -> {
            Set<String> ids = refreshTokenIdsByDid.get(did);
            if (ids == null) {
                return 0;
            }
            List<String> expired = ids.stream()
                    .filter(tokenId -> !refreshTokens.get(tokenId).expiresAt().isAfter(now))
                    .toList();
            expired.forEach(this::deleteRefreshTokenLocked);
            return expired.size();
        });
    }

    @Override
    public boolean deleteRefreshToken(String id) {
        Objects.requireNonNull(id, "id");
        return write(() -> deleteRefreshTokenLocked(id));
    }

    @Override
    public int deleteRefreshTokensOf(String did) {
        Objects.requireNonNull(did, "did");
        return write(() -> deleteRefreshTokensOfLocked(did));
    }

    @Override
    public List<RefreshToken> refreshTokensOf(String did) {
        Objects.requireNonNull(did, "did");
        return read(() -> refreshTokenIdsByDid.getOrDefault(did, Set.of()).stream()
                .map(refreshTokens::get)
                .toList());
    }

    // ------------------------------------------------------------------------------------- app passwords

    @Override
    public CreateAppPasswordResult insertAppPassword(AppPassword appPassword) {
        Objects.requireNonNull(appPassword, "appPassword");
        return write(() -> {
            if (!accounts.containsKey(appPassword.did())) {
                return new CreateAppPasswordResult.AccountNotFound();
            }
            Map<String, AppPassword> byName = appPasswordsByDid.computeIfAbsent(appPassword.did(),
                    k -> new HashMap<>());
            if (byName.containsKey(appPassword.name())) {
                return new CreateAppPasswordResult.DuplicateName();
            }
            byName.put(appPassword.name(), appPassword);
            return new CreateAppPasswordResult.Created();
        });
    }

    @Override
    public List<AppPassword> appPasswordsOf(String did) {
        Objects.requireNonNull(did, "did");
        return read(() -> appPasswordsByDid.getOrDefault(did, Map.of()).values().stream()
                .sorted(Comparator.comparing(AppPassword::createdAt).reversed()
                        .thenComparing(AppPassword::name))
                .toList());
    }

    @Override
    public Optional<AppPassword> findAppPassword(String did, String name) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(name, "name");
        return read(() -> Optional.ofNullable(appPasswordsByDid.getOrDefault(did, Map.of()).get(name)));
    }

    @Override
    public boolean deleteAppPassword(String did, String name) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(name, "name");
        return write(() -> {
            Map<String, AppPassword> byName = appPasswordsByDid.get(did);
            if (byName == null || byName.remove(name) == null) {
                return false;
            }
            if (byName.isEmpty()) {
                appPasswordsByDid.remove(did);
            }
            List<String> sessions = refreshTokenIdsByDid.getOrDefault(did, Set.of()).stream()
                    .filter(tokenId -> refreshTokens.get(tokenId).appPasswordName().equals(Optional.of(name)))
                    .toList();
            sessions.forEach(this::deleteRefreshTokenLocked);
            return true;
        });
    }

    // -------------------------------------------------------------------------------------- email tokens

    @Override
    public void upsertEmailToken(EmailToken token) {
        Objects.requireNonNull(token, "token");
        write(() -> {
            TokenKey key = new TokenKey(token.purpose(), token.tokenHash());
            String holder = didByTokenHash.get(key);
            if (holder != null && !holder.equals(token.did())) {
                throw new StoreException("upsertEmailToken: another account holds this token hash for purpose "
                        + token.purpose().value());
            }
            EmailToken previous = emailTokensByDid
                    .computeIfAbsent(token.did(), k -> new EnumMap<>(EmailTokenPurpose.class))
                    .put(token.purpose(), token);
            if (previous != null) {
                didByTokenHash.remove(new TokenKey(previous.purpose(), previous.tokenHash()));
            }
            didByTokenHash.put(key, token.did());
            return null;
        });
    }

    @Override
    public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, String did) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(did, "did");
        return read(() -> Optional.ofNullable(emailTokenLocked(purpose, did)));
    }

    @Override
    public TokenUseResult useEmailToken(EmailTokenPurpose purpose, Optional<String> did, String tokenHash,
                                        Instant issuedNotBefore, TokenEffect effect) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(issuedNotBefore, "issuedNotBefore");
        Objects.requireNonNull(effect, "effect");
        return write(() -> {
            String owner = did.orElseGet(() -> didByTokenHash.get(new TokenKey(purpose, tokenHash)));
            EmailToken row = owner == null ? null : emailTokenLocked(purpose, owner);
            if (row == null || !row.tokenHash().equals(tokenHash)) {
                return new TokenUseResult.Invalid();
            }
            if (row.requestedAt().isBefore(issuedNotBefore)) {
                return new TokenUseResult.Expired();
            }
            Account account = accounts.get(owner);
            if (account == null) {
                // A token whose account is gone authorises nothing.
                return new TokenUseResult.Invalid();
            }
            return applyEffectLocked(account, row, effect);
        });
    }

    @Override
    public int deleteEmailTokensOf(String did) {
        Objects.requireNonNull(did, "did");
        return write(() -> deleteEmailTokensOfLocked(did));
    }

    // ------------------------------------------------------------------------------- reserved signing keys

    @Override
    public void reserveSigningKey(ReservedSigningKey key) {
        Objects.requireNonNull(key, "key");
        write(() -> {
            if (key.did().isPresent()) {
                reservedKeys.values().removeIf(k -> k.did().equals(key.did()));
            }
            reservedKeys.remove(key.keyDid());
            reservedKeys.put(key.keyDid(), key);
            return null;
        });
    }

    @Override
    public Optional<ReservedSigningKey> takeReservedSigningKey(String didOrKeyDid) {
        Objects.requireNonNull(didOrKeyDid, "didOrKeyDid");
        return write(() -> {
            for (ReservedSigningKey k : reservedKeys.values()) {
                if (k.did().isPresent() && k.did().get().equals(didOrKeyDid)) {
                    reservedKeys.remove(k.keyDid());
                    return Optional.of(k);
                }
            }
            return Optional.ofNullable(reservedKeys.remove(didOrKeyDid));
        });
    }

    // ----------------------------------------------------------------------------------------- raw dump

    /**
     * Every stored row rendered field by field (secrets included), one per line, for the testkit's raw
     * dump check. Package-private: only tests of this package read it.
     */
    String rawContents() {
        return read(() -> {
            StringBuilder out = new StringBuilder();
            for (Account a : accounts.values()) {
                out.append("account did=").append(a.did()).append(" handle=").append(a.handle())
                        .append(" email=").append(a.email().orElse("")).append(" passwordHash=")
                        .append(a.passwordHash().orElse("")).append(" emailConfirmedAt=")
                        .append(a.emailConfirmedAt().map(Instant::toString).orElse(""))
                        .append(" createdAt=").append(a.createdAt()).append(" takedownRef=")
                        .append(a.takedownRef().orElse("")).append(" deactivatedAt=")
                        .append(a.deactivatedAt().map(Instant::toString).orElse("")).append(" deleteAfter=")
                        .append(a.deleteAfter().map(Instant::toString).orElse("")).append(" invitesDisabled=")
                        .append(a.invitesDisabled()).append(" signingKey=").append(a.signingKey().orElse(""))
                        .append('\n');
            }
            for (RefreshToken t : refreshTokens.values()) {
                out.append("refresh_token id=").append(t.id()).append(" did=").append(t.did())
                        .append(" expiresAt=").append(t.expiresAt()).append(" nextId=").append(t.nextId().orElse(""))
                        .append(" appPasswordName=").append(t.appPasswordName().orElse("")).append('\n');
            }
            for (Map<String, AppPassword> byName : appPasswordsByDid.values()) {
                for (AppPassword p : byName.values()) {
                    out.append("app_password did=").append(p.did()).append(" name=").append(p.name())
                            .append(" passwordHash=").append(p.passwordHash()).append(" createdAt=")
                            .append(p.createdAt()).append(" privileged=").append(p.privileged()).append('\n');
                }
            }
            for (Map<EmailTokenPurpose, EmailToken> byPurpose : emailTokensByDid.values()) {
                for (EmailToken t : byPurpose.values()) {
                    out.append("email_token purpose=").append(t.purpose().value()).append(" did=").append(t.did())
                            .append(" tokenHash=").append(t.tokenHash()).append(" requestedAt=")
                            .append(t.requestedAt()).append('\n');
                }
            }
            for (InviteCode c : inviteCodes.values()) {
                out.append("invite_code code=").append(c.code()).append(" availableUses=").append(c.availableUses())
                        .append(" disabled=").append(c.disabled()).append(" forAccount=").append(c.forAccount())
                        .append(" createdBy=").append(c.createdBy()).append(" createdAt=").append(c.createdAt())
                        .append('\n');
            }
            for (ReservedSigningKey k : reservedKeys.values()) {
                out.append("reserved_signing_key keyDid=").append(k.keyDid()).append(" did=")
                        .append(k.did().orElse("")).append(" privateKey=").append(k.privateKeyHex())
                        .append(" createdAt=").append(k.createdAt()).append('\n');
            }
            for (List<InviteCodeUse> uses : usesByCode.values()) {
                for (InviteCodeUse u : uses) {
                    out.append("invite_code_use code=").append(u.code()).append(" usedBy=").append(u.usedBy())
                            .append(" usedAt=").append(u.usedAt()).append('\n');
                }
            }
            return out.toString();
        });
    }

    // ------------------------------------------------------------------------------ locked helpers

    private <T> T read(Supplier<T> action) {
        Lock readLock = lock.readLock();
        readLock.lock();
        try {
            return action.get();
        } finally {
            readLock.unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        Lock writeLock = lock.writeLock();
        writeLock.lock();
        try {
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    private boolean updateAccount(String did, UnaryOperator<Account> change) {
        return write(() -> {
            Account account = accounts.get(did);
            if (account == null) {
                return false;
            }
            replaceAccountLocked(account, change.apply(account));
            return true;
        });
    }

    private void putAccountLocked(Account account) {
        accounts.put(account.did(), account);
        didByHandle.put(account.handle(), account.did());
        account.email().ifPresent(email -> didByEmail.put(email, account.did()));
    }

    private void replaceAccountLocked(Account current, Account next) {
        if (!current.handle().equals(next.handle())) {
            didByHandle.remove(current.handle());
            didByHandle.put(next.handle(), next.did());
        }
        if (!current.email().equals(next.email())) {
            current.email().ifPresent(didByEmail::remove);
            next.email().ifPresent(email -> didByEmail.put(email, next.did()));
        }
        accounts.put(next.did(), next);
    }

    /** Sets the email, clears its confirmation and drops every email token; false if another account holds it. */
    private boolean setEmailLocked(Account account, String email) {
        String holder = didByEmail.get(email);
        if (holder != null && !holder.equals(account.did())) {
            return false;
        }
        replaceAccountLocked(account, account.withEmail(email));
        deleteEmailTokensOfLocked(account.did());
        return true;
    }

    private boolean deleteAccountLocked(String did) {
        Account account = accounts.remove(did);
        if (account != null) {
            didByHandle.remove(account.handle());
            account.email().ifPresent(didByEmail::remove);
        }
        deleteRefreshTokensOfLocked(did);
        appPasswordsByDid.remove(did);
        deleteEmailTokensOfLocked(did);
        reservedKeys.values().removeIf(k -> k.did().equals(Optional.of(did)));
        for (String code : List.copyOf(codesByForAccount.getOrDefault(did, Set.of()))) {
            deleteInviteCodeLocked(code);
        }
        anonymiseUsesLocked(did);
        return account != null;
    }

    private void anonymiseUsesLocked(String did) {
        Set<String> codes = codesUsedBy.remove(did);
        if (codes == null) {
            return;
        }
        for (String code : codes) {
            List<InviteCodeUse> uses = usesByCode.get(code);
            String anonymous = anonymousDidLocked();
            uses.replaceAll(use -> use.usedBy().equals(did)
                    ? new InviteCodeUse(use.code(), anonymous, use.usedAt())
                    : use);
            codesUsedBy.computeIfAbsent(anonymous, k -> new LinkedHashSet<>()).add(code);
        }
    }

    private String anonymousDidLocked() {
        while (true) {
            StringBuilder id = new StringBuilder(DELETED_DID_PREFIX);
            for (int i = 0; i < 24; i++) {
                id.append(BASE32.charAt(random.nextInt(BASE32.length())));
            }
            String candidate = id.toString();
            if (!codesUsedBy.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    private void insertRefreshTokenLocked(RefreshToken token) {
        if (refreshTokens.putIfAbsent(token.id(), token) == null) {
            refreshTokenIdsByDid.computeIfAbsent(token.did(), k -> new LinkedHashSet<>()).add(token.id());
        }
    }

    private boolean deleteRefreshTokenLocked(String id) {
        RefreshToken removed = refreshTokens.remove(id);
        if (removed == null) {
            return false;
        }
        Set<String> ids = refreshTokenIdsByDid.get(removed.did());
        ids.remove(id);
        if (ids.isEmpty()) {
            refreshTokenIdsByDid.remove(removed.did());
        }
        return true;
    }

    private int deleteRefreshTokensOfLocked(String did) {
        Set<String> ids = refreshTokenIdsByDid.remove(did);
        if (ids == null) {
            return 0;
        }
        ids.forEach(refreshTokens::remove);
        return ids.size();
    }

    private EmailToken emailTokenLocked(EmailTokenPurpose purpose, String did) {
        EnumMap<EmailTokenPurpose, EmailToken> byPurpose = emailTokensByDid.get(did);
        return byPurpose == null ? null : byPurpose.get(purpose);
    }

    private void deleteEmailTokenLocked(EmailTokenPurpose purpose, String did) {
        EnumMap<EmailTokenPurpose, EmailToken> byPurpose = emailTokensByDid.get(did);
        if (byPurpose == null) {
            return;
        }
        EmailToken removed = byPurpose.remove(purpose);
        if (removed != null) {
            didByTokenHash.remove(new TokenKey(purpose, removed.tokenHash()));
        }
        if (byPurpose.isEmpty()) {
            emailTokensByDid.remove(did);
        }
    }

    private int deleteEmailTokensOfLocked(String did) {
        EnumMap<EmailTokenPurpose, EmailToken> byPurpose = emailTokensByDid.remove(did);
        if (byPurpose == null) {
            return 0;
        }
        for (EmailToken token : byPurpose.values()) {
            didByTokenHash.remove(new TokenKey(token.purpose(), token.tokenHash()));
        }
        return byPurpose.size();
    }

    private TokenUseResult applyEffectLocked(Account account, EmailToken row, TokenEffect effect) {
        String did = account.did();
        if (effect instanceof TokenEffect.CheckOnly) {
            return new TokenUseResult.Used(did);
        }
        if (effect instanceof TokenEffect.ConsumeOnly) {
            deleteEmailTokenLocked(row.purpose(), did);
        } else if (effect instanceof TokenEffect.SetPassword setPassword) {
            replaceAccountLocked(account, account.withPasswordHash(setPassword.passwordHash()));
            deleteRefreshTokensOfLocked(did);
            deleteEmailTokenLocked(row.purpose(), did);
        } else if (effect instanceof TokenEffect.ConfirmEmail confirm) {
            if (!account.email().equals(Optional.of(confirm.email()))) {
                return new TokenUseResult.EmailMismatch();
            }
            replaceAccountLocked(account, account.withEmailConfirmedAt(confirm.confirmedAt()));
            deleteEmailTokenLocked(row.purpose(), did);
        } else if (effect instanceof TokenEffect.UpdateEmail update) {
            if (!setEmailLocked(account, update.email())) {
                return new TokenUseResult.EmailTaken();
            }
        } else if (effect instanceof TokenEffect.DeleteAccount) {
            deleteAccountLocked(did);
        } else {
            throw new IllegalArgumentException("unknown token effect " + effect.getClass().getName());
        }
        return new TokenUseResult.Used(did);
    }

    private void requireNewCodesLocked(List<InviteCode> codes) {
        Set<String> seen = new HashSet<>();
        for (InviteCode code : codes) {
            if (inviteCodes.containsKey(code.code()) || !seen.add(code.code())) {
                throw new StoreException("invite code already exists: " + code.code());
            }
        }
    }

    private void putInviteCodeLocked(InviteCode code) {
        inviteCodes.put(code.code(), code);
        codesByForAccount.computeIfAbsent(code.forAccount(), k -> new LinkedHashSet<>()).add(code.code());
    }

    private void deleteInviteCodeLocked(String code) {
        InviteCode removed = inviteCodes.remove(code);
        if (removed == null) {
            return;
        }
        Set<String> siblings = codesByForAccount.get(removed.forAccount());
        siblings.remove(code);
        if (siblings.isEmpty()) {
            codesByForAccount.remove(removed.forAccount());
        }
        for (InviteCodeUse use : usesByCode.getOrDefault(code, List.of())) {
            Set<String> used = codesUsedBy.get(use.usedBy());
            used.remove(code);
            if (used.isEmpty()) {
                codesUsedBy.remove(use.usedBy());
            }
        }
        usesByCode.remove(code);
    }

    private void addUseLocked(InviteCodeUse use) {
        usesByCode.computeIfAbsent(use.code(), k -> new ArrayList<>()).add(use);
        codesUsedBy.computeIfAbsent(use.usedBy(), k -> new LinkedHashSet<>()).add(use.code());
    }

    private boolean isAvailableLocked(String code) {
        InviteCode invite = inviteCodes.get(code);
        if (invite == null || invite.disabled()) {
            return false;
        }
        if (usesByCode.getOrDefault(code, List.of()).size() >= invite.availableUses()) {
            return false;
        }
        Account issuer = accounts.get(invite.forAccount());
        return issuer == null || !issuer.isTakenDown();
    }

    private InviteCodeDetails detailsLocked(InviteCode code) {
        List<InviteCodeUse> uses = new ArrayList<>(usesByCode.getOrDefault(code.code(), List.of()));
        uses.sort(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::usedBy));
        return new InviteCodeDetails(code, uses);
    }

    private static boolean isAfter(long primary, String code, InviteCursor cursor) {
        return primary < cursor.primary() || (primary == cursor.primary() && code.compareTo(cursor.code()) < 0);
    }

    /** The unique key of an email token's hash: purpose and hash. */
    private record TokenKey(EmailTokenPurpose purpose, String tokenHash) {}

    /** An invite code with its sort key for the admin listing. */
    private record Keyed(long primary, InviteCode code) {}
}
