package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.Cid;
import dev.pdsaccounts.invite.AccountCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routing table: every XRPC method of the account domain, current ({@code com.atproto.server.*},
 * {@code com.atproto.identity.*}, {@code com.atproto.admin.*}) and legacy (the 2023-03 ids), each mapped in a few
 * lines to one library call. Parsing and validation happen before a handler runs; a handler only moves
 * validated arguments into the library's input and the library's output into the lexicon's shape.
 */
public final class AccountRoutes {
    /**
     * The legacy {@code declarationCid}: the CID of the DAG-CBOR record
     * {@code {"$type":"app.bsky.system.declaration","actorType":"app.bsky.system.actorUser"}}, the same for every
     * account.
     */
    public static final String DECLARATION_CID = Cid.ofValue(Map.of(
            "$type", "app.bsky.system.declaration",
            "actorType", "app.bsky.system.actorUser"));

    private AccountRoutes() {}

    /** Every route, over {@code pds}. */
    public static List<Route> all(PdsAccounts pds) {
        List<Route> r = new ArrayList<>();
        server(pds, r);
        legacy(pds, r);
        return List.copyOf(r);
    }

    private static void server(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.server.describeServer", Auth.none(), req -> describeServer(pds.config())));
        r.add(new Route("com.atproto.server.createAccount", Auth.optionalServiceAuth(),
                req -> createAccountOutput(pds.accounts().createAccount(createAccountInput(req)))));
        r.add(new Route("com.atproto.server.createInviteCode", Auth.admin(), req -> Json.object()
                .put("code", pds.invites().createInviteCode(req.integer("useCount"), req.optString("forAccount")))));
        r.add(new Route("com.atproto.server.createInviteCodes", Auth.admin(), req -> {
            List<AccountCodes> made = pds.invites().createInviteCodes(req.integer("codeCount"),
                    req.integer("useCount"), req.strings("forAccounts"));
            ObjectNode out = Json.object();
            ArrayNode codes = out.putArray("codes");
            made.forEach(m -> codes.addObject().put("account", m.account()).set("codes", Json.strings(m.codes())));
            return out;
        }));
    }

    private static void legacy(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.server.getAccountsConfig", Auth.none(), req -> {
            PdsConfig cfg = pds.config();
            ObjectNode out = Json.object();
            out.set("availableUserDomains", Json.strings(cfg.serviceHandleDomains()));
            out.put("inviteCodeRequired", cfg.inviteRequired());
            ObjectNode links = out.putObject("links");
            Json.putIfPresent(links, "privacyPolicy", cfg.privacyPolicyUrl());
            Json.putIfPresent(links, "termsOfService", cfg.termsOfServiceUrl());
            return out;
        }));
        r.add(new Route("com.atproto.account.create", Auth.none(), req -> {
            CreateAccountOutput out = pds.accounts().createAccount(CreateAccountInput.builder()
                    .handle(req.string("handle")).email(req.string("email")).password(req.string("password"))
                    .inviteCode(req.string("inviteCode")).recoveryKey(req.string("recoveryKey")).build());
            return Json.object().put("accessJwt", out.accessJwt()).put("refreshJwt", out.refreshJwt())
                    .put("handle", out.handle()).put("did", out.did()).put("declarationCid", DECLARATION_CID);
        }));
        r.add(new Route("com.atproto.account.createInviteCode", Auth.admin(), req -> Json.object()
                .put("code", pds.invites().createInviteCode(req.integer("useCount"), java.util.Optional.empty()))));
        r.add(new Route("com.atproto.account.get", Auth.none(), req -> {
            throw LexiconException.invalidRequest("Not implemented");
        }));
    }

    // ------------------------------------------------------------------ shapes

    static ObjectNode describeServer(PdsConfig cfg) {
        ObjectNode out = Json.object();
        out.put("did", cfg.serviceDid());
        out.set("availableUserDomains", Json.strings(cfg.serviceHandleDomains()));
        out.put("inviteCodeRequired", cfg.inviteRequired());
        out.put("phoneVerificationRequired", cfg.phoneVerificationRequired());
        ObjectNode links = out.putObject("links");
        Json.putIfPresent(links, "privacyPolicy", cfg.privacyPolicyUrl());
        Json.putIfPresent(links, "termsOfService", cfg.termsOfServiceUrl());
        ObjectNode contact = out.putObject("contact");
        Json.putIfPresent(contact, "email", cfg.contactEmail());
        return out;
    }

    private static CreateAccountInput createAccountInput(XrpcRequest req) {
        return CreateAccountInput.builder()
                .handle(req.string("handle"))
                .email(req.string("email"))
                .password(req.string("password"))
                .inviteCode(req.string("inviteCode"))
                .did(req.string("did"))
                .plcOp(req.node("plcOp").map(Json::map).orElse(null))
                .recoveryKey(req.string("recoveryKey"))
                .verificationCode(req.string("verificationCode"))
                .verificationPhone(req.string("verificationPhone"))
                .build();
    }

    private static ObjectNode createAccountOutput(CreateAccountOutput out) {
        ObjectNode o = Json.object()
                .put("accessJwt", out.accessJwt())
                .put("refreshJwt", out.refreshJwt())
                .put("handle", out.handle())
                .put("did", out.did());
        out.didDoc().ifPresent(doc -> o.set("didDoc", Json.tree(doc)));
        return o;
    }
}
