package dev.pdsaccounts.store.memory;

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
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.store.TransactionWork;
import dev.pdsaccounts.token.EmailToken;
import dev.pdsaccounts.token.EmailTokenField;
import dev.pdsaccounts.token.EmailTokenPurpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A thread-safe {@link AccountStore} that keeps everything in memory: for tests, demos and single-process hosts
 * that do not need durability. It persists and locks; it decides nothing.
 *
 * <p>One store-wide {@link ReentrantReadWriteLock}: auto-commit reads take the read lock, auto-commit writes
 * the write lock, and {@link #inTransaction} holds the write lock for the whole work, so transactions run one
 * after the other and auto-commit calls see only committed data. A transaction keeps an undo log of every row
 * it changed and replays it backwards when the work throws. Rows are immutable records; returned lists are
 * fresh copies. Lookups by DID, handle, email, code, token id, token hash, app-password hash and did:key are hash or tree
 * lookups.
 *
 * <p>Nothing fails for infrastructure reasons. The only {@link StoreException}s are the ones a database's
 * unique keys would raise: an invite code that exists, a use record that exists, an email-token hash another
 * account holds for the same purpose.
 */
public final class InMemoryAccountStore implements AccountStore {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The undo log of the running transaction, or null outside one (written only under the write lock). */
    private List<Runnable> undo;

    private final Table<String, Account> accounts = new Table<>(new TreeMap<>(), Account::did);
    private final Index<String, Account> byHandle = accounts.index(new HashMap<>(), Account::handle);
    private final Index<String, Account> byEmail = accounts.index(new TreeMap<>(), a -> a.email().orElse(null));
    private final Table<String, InviteCode> codes = new Table<>(new HashMap<>(), InviteCode::code);
    private final Index<String, InviteCode> codesFor = codes.index(new HashMap<>(), InviteCode::forAccount);
    private final Table<Key, InviteCodeUse> uses = new Table<>(new HashMap<>(), u -> new Key(u.code(), u.usedBy()));
    private final Index<Key, InviteCodeUse> usesOfCode = uses.index(new HashMap<>(), InviteCodeUse::code);
    private final Index<Key, InviteCodeUse> usesBy = uses.index(new HashMap<>(), InviteCodeUse::usedBy);
    private final Table<String, RefreshToken> sessions = new Table<>(new HashMap<>(), RefreshToken::id);
    private final Index<String, RefreshToken> sessionsOf = sessions.index(new HashMap<>(), RefreshToken::did);
    private final Table<Key, AppPassword> apps = new Table<>(new HashMap<>(), p -> new Key(p.did(), p.name()));
    private final Index<Key, AppPassword> appsOf = apps.index(new HashMap<>(), AppPassword::did);
    private final Index<Key, AppPassword> appsByHash =
            apps.index(new HashMap<>(), p -> new Key(p.did(), p.passwordHash()));
    private final Table<Key, EmailToken> tokens = new Table<>(new HashMap<>(), t -> new Key(t.did(), t.purpose()));
    private final Index<Key, EmailToken> tokensByHash =
            tokens.index(new HashMap<>(), t -> new Key(t.purpose(), t.tokenHash()));
    private final Table<String, ReservedSigningKey> keys = new Table<>(new HashMap<>(), ReservedSigningKey::keyDid);
    private final Index<String, ReservedSigningKey> keysFor = keys.index(new HashMap<>(), k -> k.did().orElse(null));
    private final Index<String, ReservedSigningKey> keysByAge = keys.index(new TreeMap<>(), ReservedSigningKey::createdAt);

    /** Access for the auto-commit calls: always open, used under the lock only. */
    private final Access direct = new Access();

    /** An empty store. */
    public InMemoryAccountStore() {
        // Everything is initialised in the field declarations.
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        lock.writeLock().lock();
        Access tx = new Access();
        List<Runnable> log = new ArrayList<>();
        undo = log;
        try {
            T result = work.run(tx);
            undo = null;
            return result;
        } catch (RuntimeException | Error e) {
            undo = null;
            for (int i = log.size() - 1; i >= 0; i--) {
                log.get(i).run();
            }
            throw e;
        } finally {
            tx.open = false;
            undo = null;
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Function<Access, T> call) {
        lock.readLock().lock();
        try {
            return call.apply(direct);
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Function<Access, T> call) {
        lock.writeLock().lock();
        try {
            return call.apply(direct);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------- auto-commit: each call under the lock

    @Override public Optional<Account> findAccount(Lookup<AccountField> key) { return read(a -> a.findAccount(key)); }
    @Override public AccountWriteResult insertAccount(Account x) { return write(a -> a.insertAccount(x)); }
    @Override public AccountWriteResult updateAccount(Account x) { return write(a -> a.updateAccount(x)); }
    @Override public boolean deleteAccount(String did) { return write(a -> a.deleteAccount(did)); }
    @Override public List<Account> listAccounts(Optional<String> emailPrefix, Optional<String> afterDid, int limit) {
        return read(a -> a.listAccounts(emailPrefix, afterDid, limit));
    }
    @Override public void insertInviteCodes(List<InviteCode> c) { write(a -> a.run(() -> a.insertInviteCodes(c))); }
    @Override public List<InviteCodeDetails> findInviteCodes(Lookup<InviteCodeField> key) {
        return read(a -> a.findInviteCodes(key));
    }
    @Override public void insertInviteCodeUse(InviteCodeUse u) { write(a -> a.run(() -> a.insertInviteCodeUse(u))); }

    @Override public int disableInviteCodes(Collection<String> byCode, Collection<String> forAccounts) {
        return write(a -> a.disableInviteCodes(byCode, forAccounts));
    }
    @Override public int deleteInviteCodes(Lookup<InviteCodeField> key) { return write(a -> a.deleteInviteCodes(key)); }

    @Override public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        return read(a -> a.listInviteCodes(sort, limit, after));
    }
    @Override public void insertRefreshToken(RefreshToken t) { write(a -> a.run(() -> a.insertRefreshToken(t))); }
    @Override public List<RefreshToken> findRefreshTokens(Lookup<RefreshTokenField> key) {
        return read(a -> a.findRefreshTokens(key));
    }

    @Override public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        return write(a -> a.rotateRefreshToken(id, graceExpiresAt, successor));
    }
    @Override public int deleteRefreshTokens(String did, Collection<String> ids, Optional<Instant> expiredBy) {
        return write(a -> a.deleteRefreshTokens(did, ids, expiredBy));
    }
    @Override public boolean insertAppPassword(AppPassword p) { return write(a -> a.insertAppPassword(p)); }
    @Override public List<AppPassword> findAppPasswords(String did, Optional<String> hash) {
        return read(a -> a.findAppPasswords(did, hash));
    }
    @Override public boolean deleteAppPassword(String did, String n) { return write(a -> a.deleteAppPassword(did, n)); }
    @Override public void upsertEmailToken(EmailToken t) { write(a -> a.run(() -> a.upsertEmailToken(t))); }

    @Override public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, Lookup<EmailTokenField> key) {
        return read(a -> a.findEmailToken(purpose, key));
    }
    @Override public int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes) {
        return write(a -> a.deleteEmailTokens(did, purposes));
    }
    @Override public void insertReservedSigningKey(ReservedSigningKey k) {
        write(a -> a.run(() -> a.insertReservedSigningKey(k)));
    }
    @Override public Optional<ReservedSigningKey> findReservedSigningKey(Lookup<ReservationField> key) {
        return read(a -> a.findReservedSigningKey(key));
    }
    @Override public long deleteReservedSigningKeys(Collection<String> keyDids, Optional<Instant> createdBefore) {
        return write(a -> a.deleteReservedSigningKeys(keyDids, createdBefore));
    }

    // ---------------------------------------------------------------------------------------------- raw dump

    /**
     * Every stored row rendered field by field (secrets included), one per line, for the testkit's raw dump
     * check. Package-private: only tests of this package read it.
     */
    String rawContents() {
        return read(a -> {
            StringBuilder out = new StringBuilder();
            Stream.of(accounts, codes, uses, sessions, apps, tokens, keys)
                    .flatMap(table -> table.rows.values().stream())
                    .forEach(row -> out.append(row.getClass().getSimpleName()).append(' ').append(raw(row))
                            .append('\n'));
            return out.toString();
        });
    }

    /** A record's components, including those its {@code toString()} hides. */
    private static String raw(Record row) {
        StringBuilder out = new StringBuilder();
        for (var component : row.getClass().getRecordComponents()) {
            try {
                out.append(component.getName()).append('=').append(component.getAccessor().invoke(row)).append(' ');
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read record component " + component.getName(), e);
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------- storage

    /** A composite key. */
    private record Key(Object first, Object second) {}

    /** A secondary index: index key to the primary keys of the rows that have it (insertion order). */
    private static final class Index<K, V> {
        private final Map<Object, Set<K>> map;
        private final Function<V, Object> key;

        Index(Map<Object, Set<K>> map, Function<V, Object> key) {
            this.map = map;
            this.key = key;
        }

        Set<K> get(Object indexKey) {
            return map.getOrDefault(indexKey, Set.of());
        }
    }

    /** Rows by primary key plus secondary indexes; every change is logged for undo inside a transaction. */
    private final class Table<K, V extends Record> {
        private final Map<K, V> rows;
        private final Function<V, K> primaryKey;
        private final List<Index<K, V>> indexes = new ArrayList<>();

        @SuppressWarnings("unchecked")
        Table(Map<K, ? extends V> rows, Function<V, K> primaryKey) {
            this.rows = (Map<K, V>) rows;
            this.primaryKey = primaryKey;
        }

        @SuppressWarnings("unchecked")
        <I> Index<K, V> index(Map<I, ?> map, Function<V, I> key) {
            Index<K, V> index = new Index<>((Map<Object, Set<K>>) map, (Function<V, Object>) key);
            indexes.add(index);
            return index;
        }

        V get(K key) {
            return rows.get(key);
        }

        List<V> rowsOf(Index<K, V> index, Object indexKey) {
            return index.get(indexKey).stream().map(rows::get).toList();
        }

        void put(V row) {
            set(primaryKey.apply(row), row);
        }

        boolean remove(K key) {
            return rows.containsKey(key) && set(key, null) != null;
        }

        /** Replaces the row under {@code key} by {@code row} (null removes it); returns the previous row. */
        private V set(K key, V row) {
            V old = row == null ? rows.remove(key) : rows.put(key, row);
            for (Index<K, V> index : indexes) {
                if (old != null) {
                    Object oldKey = index.key.apply(old);
                    Set<K> keys = oldKey == null ? null : index.map.get(oldKey);
                    if (keys != null && keys.remove(key) && keys.isEmpty()) {
                        index.map.remove(oldKey);
                    }
                }
                if (row != null && index.key.apply(row) != null) {
                    index.map.computeIfAbsent(index.key.apply(row), k -> new LinkedHashSet<>()).add(key);
                }
            }
            if (undo != null) {
                undo.add(() -> set(key, old));
            }
            return old;
        }
    }

    /**
     * The repositories' logic over the tables, unlocked: the store calls it under its lock, a transaction
     * hands one out under the write lock. A transaction's access refuses every call once the work is over.
     */
    private final class Access implements StoreAccess {
        private volatile boolean open = true;

        private void check() {
            if (!open) {
                throw new IllegalStateException("this transaction is over: its access is valid only during the work");
            }
        }
        <T> T run(Runnable call) {
            call.run();
            return null;
        }
        @Override public Optional<Account> findAccount(Lookup<AccountField> key) {
            check();
            return switch (key.by()) {
                case DID -> Optional.ofNullable(accounts.get(key.value()));
                case HANDLE -> byHandle.get(key.value()).stream().findFirst().map(accounts::get);
                case EMAIL -> byEmail.get(key.value()).stream().findFirst().map(accounts::get);
            };
        }
        @Override public AccountWriteResult insertAccount(Account account) {
            check();
            if (accounts.get(account.did()) != null) {
                return new AccountWriteResult.DidTaken();
            }
            return checkAndPut(account);
        }
        @Override public AccountWriteResult updateAccount(Account account) {
            check();
            if (accounts.get(account.did()) == null) {
                return new AccountWriteResult.NotFound();
            }
            return checkAndPut(account);
        }
        private AccountWriteResult checkAndPut(Account account) {
            if (heldByOther(byHandle.get(account.handle()), account.did())) {
                return new AccountWriteResult.HandleTaken();
            }
            if (account.email().isPresent() && heldByOther(byEmail.get(account.email().get()), account.did())) {
                return new AccountWriteResult.EmailTaken();
            }
            accounts.put(account);
            return new AccountWriteResult.Written();
        }
        private static boolean heldByOther(Set<String> holders, String did) {
            return !holders.isEmpty() && !holders.contains(did);
        }
        @Override public boolean deleteAccount(String did) {
            check();
            return accounts.remove(did);
        }
        @Override public List<Account> listAccounts(Optional<String> prefix, Optional<String> afterDid, int limit) {
            check();
            if (prefix.isEmpty()) {
                NavigableMap<String, Account> all = (NavigableMap<String, Account>) accounts.rows;
                return (afterDid.isEmpty() ? all : all.tailMap(afterDid.get(), false)).values().stream()
                        .limit(Math.max(0, limit)).toList();
            }
            String emailPrefix = prefix.get();
            NavigableMap<String, Set<String>> emails = (NavigableMap<String, Set<String>>) (Map<?, ?>) byEmail.map;
            TreeMap<String, Account> matches = new TreeMap<>();
            for (Map.Entry<String, Set<String>> entry : emails.tailMap(emailPrefix, true).entrySet()) {
                if (!entry.getKey().startsWith(emailPrefix)) {
                    break;
                }
                for (String did : entry.getValue()) {
                    if (afterDid.isEmpty() || did.compareTo(afterDid.get()) > 0) {
                        matches.put(did, accounts.get(did));
                    }
                }
            }
            return matches.values().stream().limit(Math.max(0, limit)).toList();
        }
        @Override public void insertInviteCodes(List<InviteCode> batch) {
            check();
            Set<String> seen = new HashSet<>();
            for (InviteCode code : batch) {
                if (codes.get(code.code()) != null || !seen.add(code.code())) {
                    throw new StoreException("invite code already exists: " + code.code());
                }
            }
            batch.forEach(codes::put);
        }
        @Override public List<InviteCodeDetails> findInviteCodes(Lookup<InviteCodeField> key) {
            check();
            return switch (key.by()) {
                case CODE -> Optional.ofNullable(codes.get(key.value())).map(this::details).stream().toList();
                case ISSUED_TO -> codes.rowsOf(codesFor, key.value()).stream()
                        .sorted(Comparator.comparing(InviteCode::createdAt).thenComparing(InviteCode::code))
                        .map(this::details).toList();
                case USED_BY -> uses.rowsOf(usesBy, key.value()).stream()
                        .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::code))
                        .map(u -> details(codes.get(u.code()))).toList();
            };
        }
        private InviteCodeDetails details(InviteCode code) {
            return new InviteCodeDetails(code, uses.rowsOf(usesOfCode, code.code()).stream()
                    .sorted(Comparator.comparing(InviteCodeUse::usedAt).thenComparing(InviteCodeUse::usedBy))
                    .toList());
        }
        @Override public void insertInviteCodeUse(InviteCodeUse use) {
            check();
            if (uses.get(new Key(use.code(), use.usedBy())) != null) {
                throw new StoreException("invite code use already exists: " + use.code());
            }
            uses.put(use);
        }
        @Override public int disableInviteCodes(Collection<String> byCode, Collection<String> forAccounts) {
            check();
            Set<String> targets = new LinkedHashSet<>(byCode);
            forAccounts.forEach(did -> targets.addAll(codesFor.get(did)));
            int changed = 0;
            for (String code : targets) {
                InviteCode c = codes.get(code);
                if (c != null && !c.disabled()) {
                    codes.put(new InviteCode(code, c.availableUses(), true, c.forAccount(), c.createdBy(),
                            c.createdAt()));
                    changed++;
                }
            }
            return changed;
        }
        @Override public int deleteInviteCodes(Lookup<InviteCodeField> key) {
            check();
            if (key.by() == InviteCodeField.USED_BY) {
                List<Key> used = List.copyOf(usesBy.get(key.value()));
                used.forEach(uses::remove);
                return used.size();
            }
            List<String> doomed = key.by() == InviteCodeField.CODE
                    ? List.of(key.value()) : List.copyOf(codesFor.get(key.value()));
            int deleted = 0;
            for (String code : doomed) {
                List.copyOf(usesOfCode.get(code)).forEach(uses::remove);
                deleted += codes.remove(code) ? 1 : 0;
            }
            return deleted;
        }
        @Override public InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
            check();
            List<InviteCursor> rows = new ArrayList<>();
            for (InviteCode code : codes.rows.values()) {
                long primary = sort == InviteSort.RECENT
                        ? code.createdAt().toEpochMilli() : usesOfCode.get(code.code()).size();
                InviteCursor at = after.orElse(null);
                if (at == null || primary < at.primary()
                        || (primary == at.primary() && code.code().compareTo(at.code()) < 0)) {
                    rows.add(new InviteCursor(primary, code.code()));
                }
            }
            rows.sort(Comparator.comparingLong(InviteCursor::primary).thenComparing(InviteCursor::code).reversed());
            List<InviteCursor> page = rows.subList(0, Math.max(0, Math.min(limit, rows.size())));
            Optional<InviteCursor> next = rows.size() > page.size() && !page.isEmpty()
                    ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
            return new InviteCodePage(page.stream().map(k -> details(codes.get(k.code()))).toList(), next);
        }
        @Override public void insertRefreshToken(RefreshToken token) {
            check();
            if (sessions.get(token.id()) == null) {
                sessions.put(token);
            }
        }
        @Override public List<RefreshToken> findRefreshTokens(Lookup<RefreshTokenField> key) {
            check();
            return switch (key.by()) {
                case ID -> {
                    RefreshToken row = sessions.get(key.value());
                    yield row == null ? List.of() : List.of(row);
                }
                case ACCOUNT -> sessions.rowsOf(sessionsOf, key.value()).stream()
                        .sorted(Comparator.comparing(RefreshToken::expiresAt).thenComparing(RefreshToken::id)).toList();
            };
        }
        @Override public RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
            check();
            RefreshToken row = sessions.get(id);
            if (row == null) {
                return new RotateResult.NotFound();
            }
            if (row.nextId().isPresent() && !row.nextId().get().equals(successor.id())) {
                return new RotateResult.NextIdConflict(row.nextId().get());
            }
            sessions.put(new RefreshToken(id, row.did(), graceExpiresAt, Optional.of(successor.id()),
                    row.appPasswordName()));
            insertRefreshToken(successor);
            return new RotateResult.Rotated();
        }
        @Override public int deleteRefreshTokens(String did, Collection<String> ids, Optional<Instant> expiredBy) {
            check();
            int deleted = 0;
            for (String id : ids) {
                RefreshToken row = sessions.get(id);
                if (row != null && row.did().equals(did) && sessions.remove(id)) {
                    deleted++;
                }
            }
            if (expiredBy.isPresent()) {
                // Straight over the index (no copy of the account's rows): the sweep runs on every refresh, and
                // an account refreshing often keeps thousands of rows in their grace window.
                List<String> expired = new ArrayList<>();
                for (String id : sessionsOf.get(did)) {
                    if (!sessions.get(id).expiresAt().isAfter(expiredBy.get())) {
                        expired.add(id);
                    }
                }
                expired.forEach(sessions::remove);
                deleted += expired.size();
            }
            return deleted;
        }
        @Override public boolean insertAppPassword(AppPassword appPassword) {
            check();
            if (apps.get(new Key(appPassword.did(), appPassword.name())) != null) {
                return false;
            }
            apps.put(appPassword);
            return true;
        }
        @Override public List<AppPassword> findAppPasswords(String did, Optional<String> passwordHash) {
            check();
            List<AppPassword> rows = passwordHash.isPresent()
                    ? apps.rowsOf(appsByHash, new Key(did, passwordHash.get()))
                    : apps.rowsOf(appsOf, did);
            return rows.stream()
                    .sorted(Comparator.comparing(AppPassword::createdAt).reversed().thenComparing(AppPassword::name))
                    .toList();
        }
        @Override public boolean deleteAppPassword(String did, String name) {
            check();
            return apps.remove(new Key(did, name));
        }
        @Override public void upsertEmailToken(EmailToken token) {
            check();
            Key own = new Key(token.did(), token.purpose());
            if (heldByOther(tokensByHash.get(new Key(token.purpose(), token.tokenHash())), own)) {
                throw new StoreException("another account holds this token hash for " + token.purpose().value());
            }
            tokens.put(token);
        }
        private static boolean heldByOther(Set<Key> holders, Key own) {
            return !holders.isEmpty() && !holders.contains(own);
        }
        @Override public Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, Lookup<EmailTokenField> key) {
            check();
            return switch (key.by()) {
                case ACCOUNT -> Optional.ofNullable(tokens.get(new Key(key.value(), purpose)));
                case TOKEN_HASH -> tokens.rowsOf(tokensByHash, new Key(purpose, key.value())).stream()
                        .findFirst();
            };
        }
        @Override public int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes) {
            check();
            int deleted = 0;
            for (EmailTokenPurpose purpose : Set.copyOf(purposes)) {
                deleted += tokens.remove(new Key(did, purpose)) ? 1 : 0;
            }
            return deleted;
        }
        @Override public void insertReservedSigningKey(ReservedSigningKey key) {
            check();
            keys.put(key);
        }
        @Override public Optional<ReservedSigningKey> findReservedSigningKey(Lookup<ReservationField> key) {
            check();
            return switch (key.by()) {
                case KEY_DID -> Optional.ofNullable(keys.get(key.value()));
                case ACCOUNT_DID -> keys.rowsOf(keysFor, key.value()).stream()
                        .min(Comparator.comparing(ReservedSigningKey::createdAt)
                                .thenComparing(ReservedSigningKey::keyDid));
            };
        }
        @Override public long deleteReservedSigningKeys(Collection<String> keyDids, Optional<Instant> createdBefore) {
            check();
            keyDids.forEach(keys::remove);
            if (createdBefore.isPresent()) {
                NavigableMap<Instant, Set<String>> byAge =
                        (NavigableMap<Instant, Set<String>>) (Map<?, ?>) keysByAge.map;
                byAge.headMap(createdBefore.get(), false).values().stream().flatMap(Set::stream).toList()
                        .forEach(keys::remove);
            }
            return keys.rows.size();
        }
    }
}
