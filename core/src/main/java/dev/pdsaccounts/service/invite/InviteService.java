package dev.pdsaccounts.service.invite;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.invite.AccountCodes;
import dev.pdsaccounts.invite.InviteCode;
import dev.pdsaccounts.invite.InviteCodeDetails;
import dev.pdsaccounts.service.internal.InviteCodeGenerator;
import dev.pdsaccounts.invite.InviteCodePage;
import dev.pdsaccounts.invite.InviteCodeView;
import dev.pdsaccounts.invite.InviteCodesPage;
import dev.pdsaccounts.invite.InviteCursor;
import dev.pdsaccounts.service.internal.InviteErrors;
import dev.pdsaccounts.invite.InviteSort;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invite-code use cases: admin creation ({@code com.atproto.server.createInviteCode(s)}), the codes an account
 * earns and sees ({@code com.atproto.server.getAccountInviteCodes}), and the admin operations
 * ({@code com.atproto.admin.disableInviteCodes}, {@code enableAccountInvites}, {@code disableAccountInvites},
 * {@code getInviteCodes}, and the {@code invites}/{@code invitedBy} fields of {@code accountView}).
 *
 * <p>Spending a use is not here: {@link dev.pdsaccounts.service.account.AccountService#createAccount} records it in the
 * same atomic store call that inserts the account, so a code is never overspent and never burned by a failed
 * sign-up. Authentication (admin credential, full-access session) is the host's job; every method here trusts
 * the caller's identity and validates everything else.
 *
 * <pre>{@code
 * String code = pds.invites().createInviteCode(1, Optional.empty());
 * List<InviteCodeView> mine = pds.invites().getAccountInviteCodes(did, true, true);
 * InviteCodesPage page = pds.invites().getInviteCodes("recent", InviteService.DEFAULT_LIST_LIMIT, null);
 * }</pre>
 */
public final class InviteService {
    private static final Logger LOG = LoggerFactory.getLogger(InviteService.class);
    /** The {@code sort} of {@link #getInviteCodes} for newest first (the default). */
    public static final String SORT_RECENT = "recent";
    /** The {@code sort} of {@link #getInviteCodes} for most used first. */
    public static final String SORT_USAGE = "usage";
    /** The lexicon's default {@code limit} of {@link #getInviteCodes}. */
    public static final int DEFAULT_LIST_LIMIT = 100;
    /** The lexicon's largest {@code limit} of {@link #getInviteCodes}. */
    public static final int MAX_LIST_LIMIT = 500;

    private static final String CURSOR_SEPARATOR = "::";
    /** Longest cursor accepted: a signed long, the separator and a generous code. */
    private static final int MAX_CURSOR_LENGTH = 1024;
    /**
     * Longest invite code looked up or disabled; the codes this library makes are the hostname (at most 253
     * characters) plus 12, so a longer one cannot exist and is treated as unknown without reaching the store.
     */
    public static final int MAX_CODE_LENGTH = 512;
    /** Most codes, and most accounts, one {@link #disableInviteCodes} call accepts. */
    public static final int MAX_DISABLE_ENTRIES = 1_000;

    private final PdsConfig config;
    private final AccountStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final InviteCodeGenerator generator;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param config the configuration
     * @param store the store port
     * @param clock the clock (millisecond precision)
     * @param random the randomness
     */
    public InviteService(PdsConfig config,
            AccountStore store,
            Clock clock,
            SecureRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.generator = new InviteCodeGenerator(config.hostname(), random);
    }

    // ------------------------------------------------------------------------------------------ creation

    /**
     * Creates one code with {@code useCount} uses for {@code forAccount} (default {@code "admin"}); an admin
     * operation ({@code com.atproto.server.createInviteCode}, legacy {@code com.atproto.account.createInviteCode}).
     *
     * @param useCount   how many accounts the code may create, 1 to {@link PdsConfig#maxInviteCodeUses()}
     * @param forAccount the DID it is issued to; empty (or null) for {@code "admin"}
     * @return the new code
     * @throws LexiconException {@code InvalidRequest} when {@code useCount} is below 1 or above the configured
     *                          maximum, or {@code forAccount} is not a DID; nothing is created then
     */
    public String createInviteCode(int useCount, Optional<String> forAccount) {
        Optional<String> account = forAccount == null ? Optional.empty() : forAccount;
        List<String> accounts = new ArrayList<>(1);
        if (account.isPresent()) {
            accounts.add(account.get());
        }
        List<AccountCodes> made = createInviteCodes(1, useCount, accounts);
        return made.get(0).codes().get(0);
    }

    /**
     * Creates {@code codeCount} codes with {@code useCount} uses for each of {@code forAccounts} (default
     * {@code ["admin"]}), all or nothing ({@code com.atproto.server.createInviteCodes}).
     *
     * @param codeCount   codes per account, at least 1; {@code codeCount × accounts} at most
     *                    {@link PdsConfig#maxInviteCodesPerRequest()}
     * @param useCount    uses of each code, 1 to {@link PdsConfig#maxInviteCodeUses()}
     * @param forAccounts the DIDs (or {@code "admin"}) to issue to; empty or null for {@code ["admin"]}
     * @return the codes made, per account in the given order
     * @throws LexiconException {@code InvalidRequest} for counts out of range or an account that is not a DID;
     *                          nothing is created then
     */
    public List<AccountCodes> createInviteCodes(int codeCount, int useCount, List<String> forAccounts) {
        PdsConfig cfg = config;
        if (useCount < 1) {
            throw LexiconException.invalidRequest("useCount must be at least 1");
        }
        if (useCount > cfg.maxInviteCodeUses()) {
            throw LexiconException.invalidRequest("useCount must be at most " + cfg.maxInviteCodeUses());
        }
        if (codeCount < 1) {
            throw LexiconException.invalidRequest("codeCount must be at least 1");
        }
        List<String> accounts = forAccounts == null || forAccounts.isEmpty() ? List.of(InviteCode.ADMIN) : forAccounts;
        if ((long) codeCount * accounts.size() > cfg.maxInviteCodesPerRequest()) {
            throw LexiconException.invalidRequest("at most " + cfg.maxInviteCodesPerRequest()
                    + " codes may be created in one request");
        }
        for (String account : accounts) {
            if (account == null || (!InviteCode.ADMIN.equals(account) && !Did.isValid(account))) {
                throw LexiconException.invalidRequest("forAccount must be a DID");
            }
        }
        Instant now = clock.instant();
        List<InviteCode> rows = new ArrayList<>();
        List<AccountCodes> result = new ArrayList<>();
        for (String account : accounts) {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < codeCount; i++) {
                String code = generator.next();
                codes.add(code);
                rows.add(new InviteCode(code, useCount, false, account, InviteCode.ADMIN, now));
            }
            result.add(new AccountCodes(account, codes));
        }
        store.insertInviteCodes(rows);
        return List.copyOf(result);
    }

    // -------------------------------------------------------------------------------------- account side

    /**
     * The codes issued to the account, first creating the codes it has earned
     * ({@code com.atproto.server.getAccountInviteCodes}; the host requires a full-access session of {@code did}).
     *
     * <p>Codes are earned only when {@code createAvailable}, invites are required and an
     * {@link PdsConfig#inviteInterval() interval} is configured, by the reference's arithmetic: only earned
     * ("routine") codes count; {@code unusedRoutine} = routine codes not disabled with uses left;
     * {@code couldCreate} = ⌊lifespan / interval⌋ for accounts created at or after the
     * {@link PdsConfig#inviteEpoch() epoch}, else ⌊lifespan / interval⌋ − ⌊(epoch − createdAt) / interval⌋;
     * {@code epochCodes} = routine codes created after the epoch; {@code toCreate} =
     * min({@value PdsConfig#MAX_UNUSED_EARNED_CODES} − unusedRoutine, couldCreate − epochCodes). New codes have
     * one use and are created disabled while the account's invites are disabled. The insert is a
     * compare-and-set on the account's earned-code count, so concurrent calls never hold more than
     * {@value PdsConfig#MAX_UNUSED_EARNED_CODES} unused earned codes: a call that lost the race creates nothing
     * and fails with {@code DuplicateCreate}.
     *
     * @param did             the caller's DID
     * @param includeUsed     whether used-up codes are listed (lexicon default true)
     * @param createAvailable whether earned codes are created first (lexicon default true)
     * @return the account's codes (earned and admin-issued), oldest first, without disabled ones and, unless
     *         {@code includeUsed}, without used-up ones
     * @throws LexiconException {@code InvalidRequest} for a malformed DID, {@code AccountNotFound},
     *                          {@code AccountTakedown}, or {@code DuplicateCreate} when a concurrent call created
     *                          codes first
     */
    public List<InviteCodeView> getAccountInviteCodes(String did, boolean includeUsed, boolean createAvailable) {
        Did.parse(did);
        Account account = store.findAccountByDid(did).orElseThrow(InviteErrors::accountNotFound);
        if (account.isTakenDown()) {
            throw InviteErrors.accountTakedown();
        }
        PdsConfig cfg = config;
        List<InviteCodeDetails> codes = store.inviteCodesForAccount(did);
        if (createAvailable && cfg.inviteRequired() && cfg.inviteInterval().isPresent()) {
            Instant now = clock.instant();
            List<InviteCodeDetails> routine = codes.stream().filter(d -> d.code().isEarned()).toList();
            int toCreate = codesToCreate(routine, account.createdAt(), now, cfg.inviteEpoch(),
                    cfg.inviteInterval().get());
            if (toCreate > 0) {
                List<InviteCode> fresh = new ArrayList<>(toCreate);
                for (int i = 0; i < toCreate; i++) {
                    fresh.add(new InviteCode(generator.next(), 1, account.invitesDisabled(), did, did, now));
                }
                int expected = routine.size();
                if (!store.inTransaction(tx -> AccountChanges.insertEarnedInviteCodes(tx, did, expected, fresh))) {
                    if (store.findAccountByDid(did).isEmpty()) {
                        throw InviteErrors.accountNotFound(); // deleted meanwhile
                    }
                    throw InviteErrors.duplicateCreate();
                }
                codes = store.inviteCodesForAccount(did);
            }
        }
        List<InviteCodeView> views = new ArrayList<>(codes.size());
        for (InviteCodeDetails details : codes) {
            if (details.code().disabled() || (!includeUsed && details.isUsedUp())) {
                continue;
            }
            views.add(InviteCodeView.of(details));
        }
        return List.copyOf(views);
    }

    /**
     * The reference's {@code calculateCodesToCreate} (section 3.12), on whole milliseconds: how many codes the
     * account earns now. A pure function (package-private for its unit test).
     *
     * @param routine   the account's earned codes with their uses
     * @param createdAt when the account was created
     * @param now       the current time
     * @param epoch     the configured invite epoch
     * @param interval  the configured earning interval
     * @return how many codes to create, never negative
     */
    static int codesToCreate(List<InviteCodeDetails> routine, Instant createdAt, Instant now, Instant epoch,
                                     Duration interval) {
        long unusedRoutine = routine.stream()
                .filter(d -> !d.code().disabled() && !d.isUsedUp())
                .count();
        long intervalMs = interval.toMillis();
        long lifespanMs = now.toEpochMilli() - createdAt.toEpochMilli();
        long couldCreate = Math.floorDiv(lifespanMs, intervalMs);
        if (createdAt.isBefore(epoch)) {
            couldCreate -= Math.floorDiv(epoch.toEpochMilli() - createdAt.toEpochMilli(), intervalMs);
        }
        long epochCodes = routine.stream().filter(d -> d.code().createdAt().isAfter(epoch)).count();
        long toCreate = Math.min(PdsConfig.MAX_UNUSED_EARNED_CODES - unusedRoutine, couldCreate - epochCodes);
        return (int) Math.max(0, toCreate);
    }

    // ---------------------------------------------------------------------------------------------- admin

    /**
     * Disables the given codes and every code issued to the given accounts
     * ({@code com.atproto.admin.disableInviteCodes}). Unknown codes and accounts are ignored.
     *
     * @param codes    codes to disable; null for none
     * @param accounts accounts whose codes to disable; null for none; must not contain {@code "admin"}
     * @return how many codes changed from enabled to disabled
     * @throws LexiconException {@code InvalidRequest} "cannot disable admin invite codes" when {@code accounts}
     *                          holds {@code "admin"}, for a null entry, or for more than
     *                          {@value #MAX_DISABLE_ENTRIES} codes or accounts; nothing is disabled then
     */
    public int disableInviteCodes(List<String> codes, List<String> accounts) {
        List<String> codeList = codes == null ? List.of() : codes;
        List<String> accountList = accounts == null ? List.of() : accounts;
        if (codeList.size() > MAX_DISABLE_ENTRIES || accountList.size() > MAX_DISABLE_ENTRIES) {
            throw LexiconException.invalidRequest("at most " + MAX_DISABLE_ENTRIES + " codes and "
                    + MAX_DISABLE_ENTRIES + " accounts may be disabled in one request");
        }
        for (String account : accountList) {
            if (InviteCode.ADMIN.equals(account)) {
                throw InviteErrors.cannotDisableAdminCodes();
            }
        }
        for (String account : accountList) {
            if (account == null) {
                throw LexiconException.invalidRequest("accounts must not contain null");
            }
        }
        for (String code : codeList) {
            if (code == null) {
                throw LexiconException.invalidRequest("codes must not contain null");
            }
        }
        // Over-long values cannot name a code or an account: ignored like any unknown one.
        List<String> knownCodes = codeList.stream().filter(c -> c.length() <= MAX_CODE_LENGTH).toList();
        List<String> knownAccounts = accountList.stream().filter(a -> a.length() <= Did.MAX_LENGTH).toList();
        if (knownCodes.isEmpty() && knownAccounts.isEmpty()) {
            return 0;
        }
        int disabled = store.disableInviteCodes(knownCodes, knownAccounts);
        LOG.info("admin: {} invite codes disabled (asked: {} codes, {} accounts)", disabled, knownCodes.size(),
                knownAccounts.size());
        return disabled;
    }

    /**
     * Lets the account earn enabled codes again ({@code com.atproto.admin.enableAccountInvites}). Codes it
     * already holds are untouched.
     *
     * @param did  the account
     * @param note the moderator's note; ignored, as the reference
     * @throws LexiconException {@code InvalidRequest} for a malformed DID, {@code AccountNotFound}
     */
    public void enableAccountInvites(String did, Optional<String> note) {
        setInvitesDisabled(did, false);
    }

    /**
     * Makes codes the account earns from now on be created disabled
     * ({@code com.atproto.admin.disableAccountInvites}). Codes it already holds are untouched (disable them
     * with {@link #disableInviteCodes}).
     *
     * @param did  the account
     * @param note the moderator's note; ignored, as the reference
     * @throws LexiconException {@code InvalidRequest} for a malformed DID, {@code AccountNotFound}
     */
    public void disableAccountInvites(String did, Optional<String> note) {
        setInvitesDisabled(did, true);
    }

    private void setInvitesDisabled(String did, boolean disabled) {
        Did.parse(did);
        if (!store.inTransaction(tx -> AccountChanges.update(tx, did, a -> a.withInvitesDisabled(disabled)))) {
            throw InviteErrors.accountNotFound();
        }
        LOG.info("admin: invites of {} {}", did, disabled ? "disabled" : "enabled");
    }

    /**
     * One page of every code ({@code com.atproto.admin.getInviteCodes}), descending by creation time
     * ({@code "recent"}) or by use count ({@code "usage"}), ties by code descending.
     *
     * @param sort   {@value #SORT_RECENT} or {@value #SORT_USAGE}; null for {@value #SORT_RECENT}
     * @param limit  page size, 1 to {@value #MAX_LIST_LIMIT} (pass {@value #DEFAULT_LIST_LIMIT} when the
     *               caller gave none)
     * @param cursor the previous page's cursor ({@code <primary>::<code>}); null or empty for the first page
     * @return the page and, unless it is the last, the cursor of the next
     * @throws LexiconException {@code InvalidRequest} "unknown sort method", a limit out of range, or
     *                          "malformed cursor"
     */
    public InviteCodesPage getInviteCodes(String sort, int limit, String cursor) {
        InviteSort order;
        if (sort == null || SORT_RECENT.equals(sort)) {
            order = InviteSort.RECENT;
        } else if (SORT_USAGE.equals(sort)) {
            order = InviteSort.USAGE;
        } else {
            throw InviteErrors.unknownSort();
        }
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw LexiconException.invalidRequest("limit must be between 1 and " + MAX_LIST_LIMIT);
        }
        Optional<InviteCursor> after = parseCursor(cursor);
        InviteCodePage page = store.listInviteCodes(order, limit, after);
        return new InviteCodesPage(page.codes().stream().map(InviteCodeView::of).toList(),
                page.next().map(c -> c.primary() + CURSOR_SEPARATOR + c.code()));
    }

    private static Optional<InviteCursor> parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.empty();
        }
        int sep = cursor.indexOf(CURSOR_SEPARATOR);
        if (cursor.length() > MAX_CURSOR_LENGTH || sep < 1 || sep + CURSOR_SEPARATOR.length() >= cursor.length()) {
            throw InviteErrors.malformedCursor();
        }
        String primary = cursor.substring(0, sep);
        String code = cursor.substring(sep + CURSOR_SEPARATOR.length());
        if (code.contains(CURSOR_SEPARATOR) || !isSignedDecimal(primary)) {
            throw InviteErrors.malformedCursor();
        }
        try {
            return Optional.of(new InviteCursor(Long.parseLong(primary), code));
        } catch (NumberFormatException e) {
            throw InviteErrors.malformedCursor();
        }
    }

    private static boolean isSignedDecimal(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The codes issued to the account, for the {@code invites} field of the admin {@code accountView}: every
     * code with {@code forAccount = did} (earned and admin-issued, disabled and used-up included), oldest first.
     *
     * @param did the account
     * @return its codes; empty for an account with none or no account at all
     * @throws LexiconException {@code InvalidRequest} for a malformed DID
     */
    public List<InviteCodeView> invitesFor(String did) {
        Did.parse(did);
        return store.inviteCodesForAccount(did).stream().map(InviteCodeView::of).toList();
    }

    /**
     * The code the account signed up with, for the {@code invitedBy} field of the admin {@code accountView}.
     *
     * @param did the account
     * @return the code with all its uses; empty when the account signed up without a code (or does not exist)
     * @throws LexiconException {@code InvalidRequest} for a malformed DID
     */
    public Optional<InviteCodeView> invitedBy(String did) {
        Did.parse(did);
        return AccountChanges.signUpCode(store, did).map(InviteCodeView::of);
    }
}
