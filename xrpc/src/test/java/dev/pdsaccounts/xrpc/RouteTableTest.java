package dev.pdsaccounts.xrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pdsaccounts.store.memory.InMemoryAccountStore;
import dev.pdsaccounts.testkit.TestPds;
import dev.pdsaccounts.xrpc.lexicon.LexiconRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The routing table serves every account method of the route list, each with a shipped lexicon. */
class RouteTableTest {
    static final Set<String> EXPECTED = Set.of(
            "com.atproto.server.createAccount", "com.atproto.server.createSession",
            "com.atproto.server.refreshSession", "com.atproto.server.deleteSession", "com.atproto.server.getSession",
            "com.atproto.server.describeServer", "com.atproto.server.createInviteCode",
            "com.atproto.server.createInviteCodes", "com.atproto.server.getAccountInviteCodes",
            "com.atproto.server.requestPasswordReset", "com.atproto.server.resetPassword",
            "com.atproto.server.requestEmailConfirmation", "com.atproto.server.confirmEmail",
            "com.atproto.server.requestEmailUpdate", "com.atproto.server.updateEmail",
            "com.atproto.server.createAppPassword", "com.atproto.server.listAppPasswords",
            "com.atproto.server.revokeAppPassword", "com.atproto.server.deactivateAccount",
            "com.atproto.server.requestAccountDelete", "com.atproto.server.deleteAccount",
            "com.atproto.server.checkAccountStatus", "com.atproto.server.activateAccount",
            "com.atproto.server.reserveSigningKey", "com.atproto.server.getServiceAuth",
            "com.atproto.identity.updateHandle", "com.atproto.identity.requestPlcOperationSignature",
            "com.atproto.identity.resolveHandle", "com.atproto.identity.getRecommendedDidCredentials",
            "com.atproto.admin.getAccountInfo", "com.atproto.admin.getAccountInfos",
            "com.atproto.admin.searchAccounts", "com.atproto.admin.updateAccountEmail",
            "com.atproto.admin.updateAccountHandle", "com.atproto.admin.updateAccountPassword",
            "com.atproto.admin.deleteAccount", "com.atproto.admin.disableInviteCodes",
            "com.atproto.admin.getInviteCodes", "com.atproto.admin.enableAccountInvites",
            "com.atproto.admin.disableAccountInvites", "com.atproto.admin.updateSubjectStatus",
            "com.atproto.admin.getSubjectStatus", "com.atproto.admin.sendEmail", "com.atproto.sync.getRepoStatus",
            "com.atproto.identity.signPlcOperation", "com.atproto.identity.submitPlcOperation",
            "com.atproto.account.create", "com.atproto.account.createInviteCode", "com.atproto.account.delete",
            "com.atproto.account.requestDelete", "com.atproto.account.get",
            "com.atproto.account.requestPasswordReset", "com.atproto.account.resetPassword",
            "com.atproto.session.create", "com.atproto.session.get", "com.atproto.session.refresh",
            "com.atproto.session.delete", "com.atproto.handle.update", "com.atproto.handle.resolve",
            "com.atproto.server.getAccountsConfig");

    @Test
    void everyListedMethodIsRoutedOnce() {
        List<Route> routes = AccountRoutes.all(TestPds.over(new InMemoryAccountStore()).pds());
        Set<String> routed = routes.stream().map(Route::nsid).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(routes.size(), routed.size(), "no method routed twice");
        Set<String> missing = new TreeSet<>(EXPECTED);
        missing.removeAll(routed);
        assertTrue(missing.isEmpty(), "not routed: " + missing);
        LexiconRegistry registry = LexiconRegistry.load(routed, Json.mapper());
        for (String nsid : routed) {
            assertTrue(registry.method(nsid).isPresent(), "no lexicon method for " + nsid);
        }
    }
}
