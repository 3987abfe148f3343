package dev.pdsaccounts.invite;

import dev.pdsaccounts.config.ServiceContext;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.syntax.Did;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Invite-code use cases: admin creation ({@code createInviteCode}, {@code createInviteCodes}).
 *
 * <pre>{@code
 * String code = pds.invites().createInviteCode(1, Optional.empty());
 * }</pre>
 */
public final class InviteService {
    private final ServiceContext ctx;
    private final InviteCodeGenerator generator;

    /** The service over the shared collaborators. */
    public InviteService(ServiceContext ctx) {
        this.ctx = ctx;
        this.generator = new InviteCodeGenerator(ctx.config().hostname(), ctx.random());
    }

    /**
     * Creates one code with {@code useCount} uses for {@code forAccount} (default {@code "admin"}); an admin
     * operation ({@code com.atproto.server.createInviteCode}, legacy {@code com.atproto.account.createInviteCode}).
     *
     * @throws LexiconException {@code InvalidRequest} when {@code useCount} is below 1 or above the configured
     *                          maximum, or {@code forAccount} is not a DID
     */
    public String createInviteCode(int useCount, Optional<String> forAccount) {
        List<AccountCodes> made = createInviteCodes(1, useCount, forAccount.map(List::of).orElse(List.of()));
        return made.get(0).codes().get(0);
    }

    /**
     * Creates {@code codeCount} codes with {@code useCount} uses for each of {@code forAccounts} (default
     * {@code ["admin"]}), all or nothing ({@code com.atproto.server.createInviteCodes}).
     *
     * @throws LexiconException {@code InvalidRequest} for counts out of range or a malformed account
     */
    public List<AccountCodes> createInviteCodes(int codeCount, int useCount, List<String> forAccounts) {
        if (useCount < 1) {
            throw LexiconException.invalidRequest("useCount must be at least 1");
        }
        if (useCount > ctx.config().maxInviteCodeUses()) {
            throw LexiconException.invalidRequest("useCount must be at most " + ctx.config().maxInviteCodeUses());
        }
        if (codeCount < 1) {
            throw LexiconException.invalidRequest("codeCount must be at least 1");
        }
        List<String> accounts = forAccounts == null || forAccounts.isEmpty() ? List.of(InviteCode.ADMIN) : forAccounts;
        if ((long) codeCount * accounts.size() > ctx.config().maxInviteCodesPerRequest()) {
            throw LexiconException.invalidRequest("at most " + ctx.config().maxInviteCodesPerRequest()
                    + " codes may be created in one request");
        }
        for (String account : accounts) {
            if (account == null || (!InviteCode.ADMIN.equals(account) && !Did.isValid(account))) {
                throw LexiconException.invalidRequest("forAccount must be a DID");
            }
        }
        Instant now = ctx.now();
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
        ctx.store().insertInviteCodes(rows);
        return List.copyOf(result);
    }
}
