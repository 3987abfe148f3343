package dev.pdsaccounts.store.jdbc;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every SQL statement of the store: the repositories of {@link StoreAccess}, each method one step given to
 * {@link #run}. {@link JdbcAccountStore} runs each step as its own transaction; the access it hands to
 * {@link JdbcAccountStore#inTransaction} runs the steps on the open transaction, where {@link Tx#lock()} makes
 * every {@code find...} lock the row it returns. Plain storage: no method decides anything beyond what its
 * unique keys say.
 */
abstract class JdbcRepositories implements StoreAccess {

    private static final List<String> ACCOUNT_COLUMNS = List.of("did", "handle", "email", "password_hash",
            "email_confirmed_at", "created_at", "takedown_ref", "deactivated_at", "delete_after", "invites_disabled",
            "signing_key", "email_auth_factor");
    private static final String ACCOUNT = String.join(", ", ACCOUNT_COLUMNS);
    // invite_code.use_count (schema V1) is no longer written nor read: use records are stored as given, even
    // beyond a code's uses, and the usage listing counts them.
    private static final List<String> INVITE_COLUMNS = List.of("code", "available_uses", "disabled", "for_account",
            "created_by", "created_at");
    private static final String INVITE = String.join(", ", INVITE_COLUMNS);
    /** The same columns of {@code invite_code c}, for a join. */
    private static final String INVITE_OF_C = INVITE_COLUMNS.stream().map(c -> "c." + c)
            .collect(Collectors.joining(", "));
    private static final List<String> REFRESH_COLUMNS = List.of("id", "did", "expires_at", "next_id",
            "app_password_name");
    private static final String REFRESH = String.join(", ", REFRESH_COLUMNS);
    private static final List<String> APP_PASSWORD_COLUMNS = List.of("did", "name", "password_hash", "created_at",
            "privileged");
    private static final String APP_PASSWORD = String.join(", ", APP_PASSWORD_COLUMNS);
    private static final List<String> EMAIL_TOKEN_COLUMNS = List.of("purpose", "did", "token_hash", "requested_at");
    private static final String EMAIL_TOKEN = String.join(", ", EMAIL_TOKEN_COLUMNS);
    private static final List<String> RESERVED_KEY_COLUMNS = List.of("key_did", "did", "private_key", "created_at");
    private static final String RESERVED_KEY = String.join(", ", RESERVED_KEY_COLUMNS);
    private static final int IN_CHUNK = 500;

    /** One repository call on an open transaction. */
    @FunctionalInterface
    interface Step<T> {
        T run(Tx tx) throws SQLException;
    }

    /**
     * Thrown inside a step when a concurrent transaction changed what the step had just read (a uniqueness race
     * or a row gone between two statements): the whole transaction runs again.
     */
    static final class LostRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostRace() {
            super("lost a race to a concurrent transaction", null, false, false);
        }
    }

    /**
     * Runs one repository call. {@code write} says whether it writes; {@code operation} names it in failures.
     * A {@link SQLException} never escapes: it becomes a {@link StoreException}.
     */
    abstract <T> T run(String operation, boolean write, Step<T> step);

    // ==== accounts ====

    @Override
    public final Optional<Account> findAccount(Lookup<AccountField> key) {
        String column = switch (key.by()) {
            case DID -> "did";
            case HANDLE -> "handle";
            case EMAIL -> "email";
        };
        return run("findAccount", false, tx -> tx.one("SELECT " + ACCOUNT + " FROM account WHERE " + column + " = ?"
                + tx.lock(), JdbcRepositories::account, key.value()));
    }

    @Override
    public final AccountWriteResult insertAccount(Account a) {
        Objects.requireNonNull(a, "account");
        return run("insertAccount", true, tx -> {
            // One statement when nothing clashes; it waits for a concurrent inserter of the same key.
            if (tx.insertIgnoring("account", ACCOUNT_COLUMNS, List.of(), accountArgs(a))) {
                return new AccountWriteResult.Written();
            }
            return clash(tx, a, true).orElseThrow(LostRace::new); // the clashing row went away meanwhile
        });
    }

    @Override
    public final AccountWriteResult updateAccount(Account a) {
        Objects.requireNonNull(a, "account");
        return run("updateAccount", true, tx -> {
            if (Tx.hasNul(a.did())) {
                return new AccountWriteResult.NotFound();
            }
            if (Tx.hasNul(accountArgs(a))) {
                throw Tx.nulRejected();
            }
            Optional<AccountWriteResult> clash = clash(tx, a, false);
            if (clash.isPresent()) {
                return clash.get();
            }
            int updated;
            try {
                updated = tx.update("UPDATE account SET handle = ?, email = ?, password_hash = ?, "
                        + "email_confirmed_at = ?, created_at = ?, takedown_ref = ?, deactivated_at = ?, "
                        + "delete_after = ?, invites_disabled = ?, signing_key = ?, email_auth_factor = ? WHERE did = ?",
                        concat(List.of(accountArgs(a)).subList(1, ACCOUNT_COLUMNS.size()), List.of(a.did())));
            } catch (SQLException e) {
                if (tx.isDuplicateKey(e)) {
                    throw new LostRace(); // a concurrent transaction took the handle or email: decide again
                }
                throw e;
            }
            return updated == 1 ? new AccountWriteResult.Written() : new AccountWriteResult.NotFound();
        });
    }

    /**
     * What the unique keys say about writing {@code a}: on insert, {@code DidTaken} / {@code HandleTaken} /
     * {@code EmailTaken} in that order; on update, {@code NotFound} when its row is missing, else another row's
     * handle or email. Empty when nothing clashes.
     */
    private static Optional<AccountWriteResult> clash(Tx tx, Account a, boolean insert) throws SQLException {
        List<String[]> rows = tx.list("SELECT did, handle, email FROM account WHERE did = ? OR handle = ? OR email = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, a.did(), a.handle(),
                Tx.text(a.email()));
        boolean own = rows.stream().anyMatch(r -> r[0].equals(a.did()));
        if (insert && own) {
            return Optional.of(new AccountWriteResult.DidTaken());
        }
        if (!insert && !own) {
            return Optional.of(new AccountWriteResult.NotFound());
        }
        List<String[]> others = rows.stream().filter(r -> !r[0].equals(a.did())).toList();
        if (others.stream().anyMatch(r -> r[1].equals(a.handle()))) {
            return Optional.of(new AccountWriteResult.HandleTaken());
        }
        if (a.email().isPresent() && others.stream().anyMatch(r -> a.email().get().equals(r[2]))) {
            return Optional.of(new AccountWriteResult.EmailTaken());
        }
        return Optional.empty();
    }

    @Override
    public final boolean deleteAccount(String did) {
        return run("deleteAccount", true, tx -> tx.update("DELETE FROM account WHERE did = ?", did) > 0);
    }

    @Override
    public final List<Account> listAccounts(Optional<String> emailPrefix, Optional<String> afterDid, int limit) {
        Objects.requireNonNull(emailPrefix, "emailPrefix");
        Objects.requireNonNull(afterDid, "afterDid");
        if (limit <= 0) {
            return List.of();
        }
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (emailPrefix.isPresent()) {
            where.add("email IS NOT NULL");
        }
        if (emailPrefix.isPresent() && !emailPrefix.get().isEmpty()) {
            // Exact, case-sensitive prefix comparison (LIKE is case-insensitive on SQLite and needs escaping).
            where.add("SUBSTR(email, 1, ?) = ?");
            args.add(emailPrefix.get().codePointCount(0, emailPrefix.get().length()));
            args.add(emailPrefix.get());
        }
        if (afterDid.isPresent()) {
            // No stored DID holds NUL, so "after a DID with NUL" is "after the part before the NUL".
            String after = afterDid.get();
            where.add("did > ?");
            args.add(after.indexOf('\0') < 0 ? after : after.substring(0, after.indexOf('\0')));
        }
        String sql = "SELECT " + ACCOUNT + " FROM account"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY did LIMIT ?";
        args.add(limit);
        return run("listAccounts", false, tx -> tx.list(sql, JdbcRepositories::account, args.toArray()));
    }

    // ==== invite codes ====

    @Override
    public final void insertInviteCodes(List<InviteCode> codes) {
        Objects.requireNonNull(codes, "codes");
        if (codes.isEmpty()) {
            return;
        }
        run("insertInviteCodes", true, tx -> {
            for (InviteCode c : codes) {
                tx.update("INSERT INTO invite_code (" + INVITE + ") VALUES (" + Tx.placeholders(6) + ")", c.code(),
                        c.availableUses(), c.disabled(), c.forAccount(), c.createdBy(), c.createdAt());
            }
            return null;
        });
    }

    @Override
    public final List<InviteCodeDetails> findInviteCodes(Lookup<InviteCodeField> key) {
        return run("findInviteCodes", false, tx -> withUses(tx, switch (key.by()) {
            case CODE -> tx.list("SELECT " + INVITE + " FROM invite_code WHERE code = ?" + tx.lock(),
                    JdbcRepositories::inviteCode, key.value());
            case ISSUED_TO -> tx.list("SELECT " + INVITE + " FROM invite_code WHERE for_account = ? "
                    + "ORDER BY created_at, code", JdbcRepositories::inviteCode, key.value());
            case USED_BY -> tx.list("SELECT " + INVITE_OF_C + " FROM invite_code c JOIN invite_code_use u "
                    + "ON u.code = c.code WHERE u.used_by = ? ORDER BY u.used_at, c.code", JdbcRepositories::inviteCode,
                    key.value());
        }));
    }

    @Override
    public final void insertInviteCodeUse(InviteCodeUse use) {
        Objects.requireNonNull(use, "use");
        run("insertInviteCodeUse", true, tx -> tx.update("INSERT INTO invite_code_use (code, used_by, used_at) "
                + "VALUES (?, ?, ?)", use.code(), use.usedBy(), use.usedAt()));
    }

    @Override
    public final int disableInviteCodes(Collection<String> codes, Collection<String> forAccounts) {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(forAccounts, "forAccounts");
        if (codes.isEmpty() && forAccounts.isEmpty()) {
            return 0;
        }
        return run("disableInviteCodes", true, tx -> {
            int changed = 0;
            for (List<String> chunk : chunks(codes)) {
                changed += tx.update("UPDATE invite_code SET disabled = ? WHERE disabled = ? AND code IN ("
                        + Tx.placeholders(chunk.size()) + ")", concat(List.of(true, false), chunk));
            }
            for (List<String> chunk : chunks(forAccounts)) {
                changed += tx.update("UPDATE invite_code SET disabled = ? WHERE disabled = ? AND for_account IN ("
                        + Tx.placeholders(chunk.size()) + ")", concat(List.of(true, false), chunk));
            }
            return changed;
        });
    }

    @Override
    public final int deleteInviteCodes(Lookup<InviteCodeField> key) {
        if (key.by() == InviteCodeField.USED_BY) {
            return run("deleteInviteCodes", true, tx -> tx.update("DELETE FROM invite_code_use WHERE used_by = ?",
                    key.value()));
        }
        String codes = "WHERE " + (key.by() == InviteCodeField.CODE ? "code" : "for_account") + " = ?";
        return run("deleteInviteCodes", true, tx -> {
            tx.update("DELETE FROM invite_code_use WHERE code IN (SELECT code FROM invite_code " + codes + ")",
                    key.value());
            return tx.update("DELETE FROM invite_code " + codes, key.value());
        });
    }

    @Override
    public final InviteCodePage listInviteCodes(InviteSort sort, int limit, Optional<InviteCursor> after) {
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(after, "after");
        if (limit <= 0) {
            return new InviteCodePage(List.of(), Optional.empty());
        }
        boolean recent = sort == InviteSort.RECENT;
        String key = recent ? "created_at" : "uses";
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + INVITE + " FROM " + (recent ? "invite_code"
                : "(SELECT c.*, (SELECT COUNT(*) FROM invite_code_use u WHERE u.code = c.code) AS uses "
                        + "FROM invite_code c) counted"));
        if (after.isPresent()) {
            // A row-value comparison (for RECENT the (created_at, code) index serves it). No stored code holds
            // NUL, so "below code-with-NUL" is "at or below the part before the NUL".
            String code = after.get().code();
            int nul = code.indexOf('\0');
            sql.append(" WHERE (").append(key).append(", code) ").append(nul < 0 ? "<" : "<=").append(" (?, ?)");
            args.add(after.get().primary());
            args.add(nul < 0 ? code : code.substring(0, nul));
        }
        sql.append(" ORDER BY ").append(key).append(" DESC, code DESC LIMIT ?");
        args.add(limit + 1);
        return run("listInviteCodes", false, tx -> {
            List<InviteCode> rows = tx.list(sql.toString(), JdbcRepositories::inviteCode, args.toArray());
            boolean more = rows.size() > limit;
            List<InviteCodeDetails> page = withUses(tx, more ? rows.subList(0, limit) : rows);
            Optional<InviteCursor> next = Optional.empty();
            if (more) {
                InviteCodeDetails last = page.get(page.size() - 1);
                long primary = recent ? last.code().createdAt().toEpochMilli() : last.uses().size();
                next = Optional.of(new InviteCursor(primary, last.code().code()));
            }
            return new InviteCodePage(page, next);
        });
    }

    /** The codes with their uses (ordered by {@code usedAt}, then {@code usedBy}), in the order given. */
    private static List<InviteCodeDetails> withUses(Tx tx, List<InviteCode> codes) throws SQLException {
        Map<String, List<InviteCodeUse>> uses = new LinkedHashMap<>();
        for (InviteCode c : codes) {
            uses.put(c.code(), new ArrayList<>());
        }
        for (List<String> chunk : chunks(uses.keySet())) {
            for (InviteCodeUse u : tx.list("SELECT code, used_by, used_at FROM invite_code_use WHERE code IN ("
                    + Tx.placeholders(chunk.size()) + ") ORDER BY used_at, used_by", JdbcRepositories::use,
                    chunk.toArray())) {
                uses.get(u.code()).add(u);
            }
        }
        return codes.stream().map(c -> new InviteCodeDetails(c, uses.get(c.code()))).toList();
    }

    // ==== refresh tokens ====

    @Override
    public final void insertRefreshToken(RefreshToken token) {
        Objects.requireNonNull(token, "token");
        run("insertRefreshToken", true, tx -> insertRefresh(tx, token));
    }

    private static boolean insertRefresh(Tx tx, RefreshToken t) throws SQLException {
        return tx.insertIgnoring("refresh_token", REFRESH_COLUMNS, List.of("id"), t.id(), t.did(), t.expiresAt(),
                Tx.text(t.nextId()), Tx.text(t.appPasswordName()));
    }

    @Override
    public final List<RefreshToken> findRefreshTokens(Lookup<RefreshTokenField> key) {
        return run("findRefreshTokens", false, tx -> switch (key.by()) {
            case ID -> tx.list("SELECT " + REFRESH + " FROM refresh_token WHERE id = ?" + tx.lock(),
                    JdbcRepositories::refresh, key.value());
            case ACCOUNT -> tx.list("SELECT " + REFRESH + " FROM refresh_token WHERE did = ? ORDER BY expires_at, id",
                    JdbcRepositories::refresh, key.value());
        });
    }

    @Override
    public final RotateResult rotateRefreshToken(String id, Instant graceExpiresAt, RefreshToken successor) {
        Objects.requireNonNull(graceExpiresAt, "graceExpiresAt");
        Objects.requireNonNull(successor, "successor");
        return run("rotateRefreshToken", true, tx -> {
            // The compare-and-set is this one statement; a concurrent rotation waits on the row's lock.
            int updated = tx.update("UPDATE refresh_token SET expires_at = ?, next_id = ? "
                    + "WHERE id = ? AND (next_id IS NULL OR next_id = ?)", graceExpiresAt, successor.id(), id,
                    successor.id());
            if (updated == 1) {
                insertRefresh(tx, successor);
                return new RotateResult.Rotated();
            }
            Optional<Optional<String>> row = tx.one("SELECT next_id FROM refresh_token WHERE id = ?",
                    rs -> Optional.ofNullable(rs.getString(1)), id);
            if (row.isEmpty()) {
                return new RotateResult.NotFound();
            }
            if (row.get().isEmpty() || row.get().get().equals(successor.id())) {
                throw new LostRace(); // the row changed between the two statements
            }
            return new RotateResult.NextIdConflict(row.get().get());
        });
    }

    @Override
    public final int deleteRefreshTokens(String did, Collection<String> ids, Optional<Instant> expiredBy) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(expiredBy, "expiredBy");
        if (ids.isEmpty() && expiredBy.isEmpty()) {
            return 0;
        }
        return run("deleteRefreshTokens", true, tx -> {
            int deleted = expiredBy.isEmpty() ? 0 : tx.update(
                    "DELETE FROM refresh_token WHERE did = ? AND expires_at <= ?", did, expiredBy.get());
            for (List<String> chunk : chunks(ids)) {
                deleted += tx.update("DELETE FROM refresh_token WHERE did = ? AND id IN ("
                        + Tx.placeholders(chunk.size()) + ")", concat(List.of(did), chunk));
            }
            return deleted;
        });
    }

    // ==== app passwords ====

    @Override
    public final boolean insertAppPassword(AppPassword p) {
        Objects.requireNonNull(p, "appPassword");
        return run("insertAppPassword", true, tx -> tx.insertIgnoring("app_password", APP_PASSWORD_COLUMNS,
                List.of("did", "name"), p.did(), p.name(), p.passwordHash(), p.createdAt(), p.privileged()));
    }

    @Override
    public final List<AppPassword> findAppPasswords(String did, Optional<String> passwordHash) {
        String byHash = passwordHash.isPresent() ? " AND password_hash = ?" : "";
        Object[] args = passwordHash.isPresent() ? new Object[] {did, passwordHash.get()} : new Object[] {did};
        return run("findAppPasswords", false, tx -> tx.list("SELECT " + APP_PASSWORD + " FROM app_password"
                + " WHERE did = ?" + byHash + " ORDER BY created_at DESC, name" + tx.lock(),
                JdbcRepositories::appPassword, args));
    }

    @Override
    public final boolean deleteAppPassword(String did, String name) {
        return run("deleteAppPassword", true, tx -> tx.update("DELETE FROM app_password WHERE did = ? AND name = ?",
                did, name) > 0);
    }

    // ==== email tokens ====

    @Override
    public final void upsertEmailToken(EmailToken token) {
        Objects.requireNonNull(token, "token");
        run("upsertEmailToken", true, tx -> {
            tx.upsert("email_token", EMAIL_TOKEN_COLUMNS, List.of("purpose", "did"), token.purpose().value(),
                    token.did(), token.tokenHash(), token.requestedAt());
            return null;
        });
    }

    @Override
    public final Optional<EmailToken> findEmailToken(EmailTokenPurpose purpose, Lookup<EmailTokenField> key) {
        String column = switch (key.by()) {
            case ACCOUNT -> "did";
            case TOKEN_HASH -> "token_hash";
        };
        return run("findEmailToken", false, tx -> tx.one("SELECT " + EMAIL_TOKEN + " FROM email_token WHERE purpose = ? "
                + "AND " + column + " = ?" + tx.lock(), JdbcRepositories::emailToken, purpose.value(),
                key.value()));
    }

    @Override
    public final int deleteEmailTokens(String did, Collection<EmailTokenPurpose> purposes) {
        Objects.requireNonNull(purposes, "purposes");
        List<String> values = purposes.stream().map(EmailTokenPurpose::value).distinct().toList();
        if (values.isEmpty()) {
            return 0;
        }
        return run("deleteEmailTokens", true, tx -> tx.update("DELETE FROM email_token WHERE did = ? AND purpose IN ("
                + Tx.placeholders(values.size()) + ")", concat(List.of(did), values)));
    }

    // ==== reserved signing keys ====

    @Override
    public final void insertReservedSigningKey(ReservedSigningKey key) {
        Objects.requireNonNull(key, "key");
        run("insertReservedSigningKey", true, tx -> {
            tx.upsert("reserved_signing_key", RESERVED_KEY_COLUMNS, List.of("key_did"), key.keyDid(),
                    Tx.text(key.did()), key.privateKeyHex(), key.createdAt());
            return null;
        });
    }

    @Override
    public final Optional<ReservedSigningKey> findReservedSigningKey(Lookup<ReservationField> key) {
        return run("findReservedSigningKey", false, tx -> switch (key.by()) {
            case KEY_DID -> tx.one("SELECT " + RESERVED_KEY + " FROM reserved_signing_key WHERE key_did = ?"
                    + tx.lock(), JdbcRepositories::reservedKey, key.value());
            case ACCOUNT_DID -> tx.one("SELECT " + RESERVED_KEY + " FROM reserved_signing_key WHERE did = ? "
                    + "ORDER BY created_at, key_did LIMIT 1" + tx.lock(), JdbcRepositories::reservedKey, key.value());
        });
    }

    @Override
    public final long deleteReservedSigningKeys(Collection<String> keyDids, Optional<Instant> createdBefore) {
        Objects.requireNonNull(keyDids, "keyDids");
        Objects.requireNonNull(createdBefore, "createdBefore");
        return run("deleteReservedSigningKeys", true, tx -> {
            for (List<String> chunk : chunks(keyDids)) {
                tx.update("DELETE FROM reserved_signing_key WHERE key_did IN (" + Tx.placeholders(chunk.size()) + ")",
                        chunk.toArray());
            }
            if (createdBefore.isPresent()) {
                tx.update("DELETE FROM reserved_signing_key WHERE created_at < ?", createdBefore.get());
            }
            return tx.count("SELECT COUNT(*) FROM reserved_signing_key");
        });
    }

    // ==== rows ====

    private static Object[] accountArgs(Account a) {
        return new Object[] {a.did(), a.handle(), Tx.text(a.email()), Tx.text(a.passwordHash()),
            Tx.millis(a.emailConfirmedAt()), a.createdAt(), Tx.text(a.takedownRef()), Tx.millis(a.deactivatedAt()),
            Tx.millis(a.deleteAfter()), a.invitesDisabled(), Tx.text(a.signingKey()), a.emailAuthFactor()};
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("did"), rs.getString("handle"), Tx.optText(rs, "email"),
                Tx.optText(rs, "password_hash"), Tx.optInstant(rs, "email_confirmed_at"), Tx.instant(rs, "created_at"),
                Tx.optText(rs, "takedown_ref"), Tx.optInstant(rs, "deactivated_at"), Tx.optInstant(rs, "delete_after"),
                rs.getBoolean("invites_disabled"), Tx.optText(rs, "signing_key"), rs.getBoolean("email_auth_factor"));
    }

    private static InviteCode inviteCode(ResultSet rs) throws SQLException {
        return new InviteCode(rs.getString("code"), rs.getInt("available_uses"), rs.getBoolean("disabled"),
                rs.getString("for_account"), rs.getString("created_by"), Tx.instant(rs, "created_at"));
    }

    private static InviteCodeUse use(ResultSet rs) throws SQLException {
        return new InviteCodeUse(rs.getString("code"), rs.getString("used_by"), Tx.instant(rs, "used_at"));
    }

    private static RefreshToken refresh(ResultSet rs) throws SQLException {
        return new RefreshToken(rs.getString("id"), rs.getString("did"), Tx.instant(rs, "expires_at"),
                Tx.optText(rs, "next_id"), Tx.optText(rs, "app_password_name"));
    }

    private static AppPassword appPassword(ResultSet rs) throws SQLException {
        return new AppPassword(rs.getString("did"), rs.getString("name"), rs.getString("password_hash"),
                Tx.instant(rs, "created_at"), rs.getBoolean("privileged"));
    }

    private static EmailToken emailToken(ResultSet rs) throws SQLException {
        EmailTokenPurpose purpose = EmailTokenPurpose.fromValue(rs.getString("purpose")).orElseThrow(() ->
                new StoreException("reading an email token failed: unknown stored token purpose"));
        return new EmailToken(purpose, rs.getString("did"), rs.getString("token_hash"), Tx.instant(rs, "requested_at"));
    }

    private static ReservedSigningKey reservedKey(ResultSet rs) throws SQLException {
        return new ReservedSigningKey(rs.getString("key_did"), Tx.optText(rs, "did"), rs.getString("private_key"),
                Tx.instant(rs, "created_at"));
    }

    /**
     * The distinct values in chunks small enough for one {@code IN (...)} list, without those holding NUL
     * (no stored key does).
     */
    private static List<List<String>> chunks(Collection<String> values) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        distinct.removeIf(Tx::hasNul);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += IN_CHUNK) {
            out.add(distinct.subList(i, Math.min(distinct.size(), i + IN_CHUNK)));
        }
        return out;
    }

    private static Object[] concat(List<?> head, List<?> tail) {
        List<Object> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray();
    }
}
