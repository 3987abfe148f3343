package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdsaccounts.session.CreateSessionInput;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.AccountStatusView;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.account.RepoStatus;
import dev.pdsaccounts.admin.AccountSearchPage;
import dev.pdsaccounts.admin.AccountView;
import dev.pdsaccounts.admin.StatusAttr;
import dev.pdsaccounts.admin.SubjectStatus;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.Cid;
import dev.pdsaccounts.invite.AccountCodes;
import dev.pdsaccounts.invite.InviteCodeView;
import dev.pdsaccounts.invite.InviteCodesPage;
import dev.pdsaccounts.ratelimit.RateLimitedAction;
import dev.pdsaccounts.session.AppPasswordCreated;
import dev.pdsaccounts.session.Scope;
import dev.pdsaccounts.session.SessionInfo;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.service.identity.PlcOperationFields;
import dev.pdsaccounts.service.session.SessionService;
import dev.pdsaccounts.syntax.Datetime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing table: every XRPC method of the account domain, current ({@code com.atproto.server.*},
 * {@code com.atproto.identity.*}, {@code com.atproto.admin.*}) and legacy (the 2023-03 ids), each mapped in a few
 * lines to one library call. Parsing, credentials and lexicon validation happen before a handler runs; a handler
 * only moves validated arguments into the library and the library's result into the lexicon's shape. The
 * credentials each method accepts follow the reference (section 3.16); taken-down accounts are refused by the
 * library's use cases. The routes the reference rate-limits (section 3.17) name their
 * {@link RateLimitedAction}; the legacy ids count the same action as their current twin.
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

    /**
     * What {@code checkAccountStatus} reports for the repository, which this library does not hold: an empty
     * repository whose commit is the CID of the empty DAG-CBOR map.
     */
    public static final String EMPTY_REPO_COMMIT = Cid.ofValue(Map.of());

    private static final Set<Scope> FULL_OR_TAKENDOWN = EnumSet.of(Scope.ACCESS, Scope.TAKENDOWN);
    private static final Set<Scope> STANDARD_OR_TAKENDOWN =
            EnumSet.of(Scope.ACCESS, Scope.APP_PASS_PRIVILEGED, Scope.APP_PASS, Scope.TAKENDOWN);
    private static final String REPO_REF = "com.atproto.admin.defs#repoRef";

    private AccountRoutes() {}

    /**
     * Every route, over {@code pds}.
     *
     * @param pds the account domain the routes call
     * @return the routing table, in routing order
     */
    public static List<Route> all(PdsAccounts pds) {
        List<Route> r = new ArrayList<>();
        server(pds, r);
        sessions(pds, r);
        email(pds, r);
        identity(pds, r);
        admin(pds, r);
        sync(pds, r);
        legacy(pds, r);
        return List.copyOf(r);
    }

    private static Auth full() {
        return Auth.access(Scope.FULL, true);
    }

    private static Auth standard() {
        return Auth.access(Scope.STANDARD, true);
    }

    // ------------------------------------------------------------------ com.atproto.server: accounts, invites

    private static void server(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.server.describeServer", Auth.none(), req -> describeServer(pds.config())));
        r.add(new Route("com.atproto.server.createAccount", Auth.optionalServiceAuth(),
                req -> createAccountOutput(pds.accounts().createAccount(createAccountInput(req),
                        req.serviceAuthJwt()))).limitedBy(RateLimitedAction.CREATE_ACCOUNT));
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
        r.add(new Route("com.atproto.server.getAccountInviteCodes", full(), req -> {
            ObjectNode out = Json.object();
            out.set("codes", inviteCodes(pds.invites().getAccountInviteCodes(req.access().did(),
                    req.optBoolean("includeUsed").orElse(true), req.optBoolean("createAvailable").orElse(true))));
            return out;
        }));
        r.add(new Route("com.atproto.server.deactivateAccount", Auth.access(FULL_OR_TAKENDOWN, false), req -> {
            pds.accounts().deactivateAccount(req.access().did(), req.optString("deleteAfter").map(Datetime::parse));
            return null;
        }));
        r.add(new Route("com.atproto.server.checkAccountStatus", Auth.access(Scope.STANDARD, false), req -> {
            AccountStatusView s = pds.accounts().accountStatus(req.access().did());
            return Json.object().put("activated", s.activated()).put("validDid", s.validDid())
                    .put("repoCommit", EMPTY_REPO_COMMIT).put("repoRev", "").put("repoBlocks", 0)
                    .put("indexedRecords", 0).put("privateStateValues", 0).put("expectedBlobs", 0)
                    .put("importedBlobs", 0);
        }));
    }

    // ------------------------------------------------------------------ sessions and app passwords

    private static void sessions(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.server.createSession", Auth.none(), req -> session(pds.sessions()
                .createSession(CreateSessionInput.of(req.string("identifier"), req.string("password"))
                        .withAllowTakendown(req.optBoolean("allowTakendown").orElse(false))
                        .withAuthFactorToken(req.optString("authFactorToken"))))).limitedBy(RateLimitedAction.CREATE_SESSION));
        r.add(new Route("com.atproto.server.refreshSession", Auth.refresh(false),
                req -> session(pds.sessions().refreshSession(req.refresh().jwt()))));
        r.add(new Route("com.atproto.server.deleteSession", Auth.refresh(true), req -> {
            pds.sessions().deleteSession(req.refresh().jwt());
            return null;
        }));
        r.add(new Route("com.atproto.server.getSession", Auth.access(SessionService.GET_SESSION_SCOPES, false),
                req -> sessionInfo(pds.sessions().getSession(req.access().jwt()))));
        r.add(new Route("com.atproto.server.createAppPassword", full(), req -> {
            AppPasswordCreated ap = pds.appPasswords().createAppPassword(req.access().did(), req.string("name"),
                    req.optBoolean("privileged").orElse(false));
            return Json.object().put("name", ap.name()).put("password", ap.password())
                    .put("createdAt", Datetime.format(ap.createdAt())).put("privileged", ap.privileged());
        }));
        r.add(new Route("com.atproto.server.listAppPasswords", Auth.access(Scope.STANDARD, false), req -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("passwords");
            pds.appPasswords().listAppPasswords(req.access().did()).forEach(a -> list.addObject().put("name", a.name())
                    .put("createdAt", Datetime.format(a.createdAt())).put("privileged", a.privileged()));
            return out;
        }));
        r.add(new Route("com.atproto.server.revokeAppPassword", Auth.access(Scope.STANDARD, false), req -> {
            pds.appPasswords().revokeAppPassword(req.access().did(), req.string("name"));
            return null;
        }));
    }

    // ------------------------------------------------------------------ emailed tokens

    private static void email(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.server.requestPasswordReset", Auth.none(), req -> {
            pds.email().requestPasswordReset(req.string("email"));
            return null;
        }).limitedBy(RateLimitedAction.REQUEST_PASSWORD_RESET));
        r.add(new Route("com.atproto.server.resetPassword", Auth.none(), req -> {
            pds.email().resetPassword(req.string("token"), req.string("password"));
            return null;
        }).limitedBy(RateLimitedAction.RESET_PASSWORD));
        r.add(new Route("com.atproto.server.requestEmailConfirmation", standard(), req -> {
            pds.email().requestEmailConfirmation(req.access().did());
            return null;
        }).limitedBy(RateLimitedAction.REQUEST_EMAIL_CONFIRMATION));
        r.add(new Route("com.atproto.server.confirmEmail", standard(), req -> {
            pds.email().confirmEmail(req.access().did(), req.string("email"), req.string("token"));
            return null;
        }));
        r.add(new Route("com.atproto.server.requestEmailUpdate", full(), req -> Json.object()
                .put("tokenRequired", pds.email().requestEmailUpdate(req.access().did()))).limitedBy(RateLimitedAction.REQUEST_EMAIL_UPDATE));
        r.add(new Route("com.atproto.server.updateEmail", full(), req -> {
            pds.email().updateEmail(req.access().did(), req.string("email"), req.optString("token"),
                    req.optBoolean("emailAuthFactor"));
            return null;
        }));
        r.add(new Route("com.atproto.server.requestAccountDelete", full(), req -> {
            pds.email().requestAccountDelete(req.access().did());
            return null;
        }).limitedBy(RateLimitedAction.REQUEST_ACCOUNT_DELETE));
        r.add(new Route("com.atproto.server.deleteAccount", Auth.none(), req -> {
            pds.email().deleteAccount(req.string("did"), req.string("password"), req.string("token"));
            return null;
        }).limitedBy(RateLimitedAction.DELETE_ACCOUNT));
    }

    // ------------------------------------------------------------------ com.atproto.identity

    private static void identity(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.identity.updateHandle", standard(), req -> {
            pds.accounts().updateHandle(req.access().did(), req.string("handle"));
            return null;
        }).limitedBy(RateLimitedAction.UPDATE_HANDLE));
        r.add(new Route("com.atproto.identity.requestPlcOperationSignature", full(), req -> {
            pds.email().requestPlcOperationSignature(req.access().did());
            return null;
        }));
        r.add(new Route("com.atproto.identity.signPlcOperation", Auth.access(FULL_OR_TAKENDOWN, false), req -> {
            Map<String, Object> op = pds.plcOperations().signPlcOperation(req.access().did(), req.optString("token"),
                    new PlcOperationFields(
                            req.node("rotationKeys").map(Json::list),
                            req.node("alsoKnownAs").map(Json::list),
                            req.node("verificationMethods").map(n -> objectMap(n, "verificationMethods")),
                            req.node("services").map(n -> objectMap(n, "services"))));
            ObjectNode out = Json.object();
            out.set("operation", Json.tree(op));
            return out;
        }));
        r.add(new Route("com.atproto.identity.submitPlcOperation", full(), req -> {
            JsonNode op = req.node("operation").orElseThrow();
            if (!op.isObject()) {
                throw LexiconException.invalidRequest("Invalid operation");
            }
            pds.plcOperations().submitPlcOperation(req.access().did(), Json.map(op));
            return null;
        }));
        r.add(new Route("com.atproto.identity.resolveHandle", Auth.none(),
                req -> Json.object().put("did", pds.identity().resolveHandle(req.string("handle")))));
        r.add(new Route("com.atproto.identity.getRecommendedDidCredentials", Auth.access(Scope.STANDARD, false),
                req -> Json.tree(pds.identity().getRecommendedDidCredentials(req.access().did()).toMap())));
        r.add(new Route("com.atproto.server.activateAccount", Auth.access(Scope.FULL, false), req -> {
            pds.identity().activateAccount(req.access().did());
            return null;
        }));
        r.add(new Route("com.atproto.server.reserveSigningKey", Auth.none(), req -> Json.object()
                .put("signingKey", pds.identity().reserveSigningKey(req.optString("did")))));
        r.add(new Route("com.atproto.server.getServiceAuth", Auth.access(STANDARD_OR_TAKENDOWN, false),
                req -> Json.object().put("token", pds.identity().getServiceAuth(req.access().did(),
                        req.string("aud"), req.optLong("exp"), req.optString("lxm"),
                        req.access().claims().scope()))));
    }

    /** An {@code unknown} input field that must be an object. */
    private static Map<String, Object> objectMap(JsonNode node, String name) {
        if (!node.isObject()) {
            throw LexiconException.invalidRequest("Input/" + name + " must be an object");
        }
        return Json.map(node);
    }

    // ------------------------------------------------------------------ com.atproto.sync

    private static void sync(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.sync.getRepoStatus", Auth.none(), req -> {
            RepoStatus s = pds.sync().getRepoStatus(req.string("did"));
            ObjectNode out = Json.object().put("did", s.did()).put("active", s.active());
            Json.putIfPresent(out, "status", s.status());
            return Json.putIfPresent(out, "rev", s.rev());
        }));
    }

    // ------------------------------------------------------------------ com.atproto.admin

    private static void admin(PdsAccounts pds, List<Route> r) {
        r.add(new Route("com.atproto.admin.getAccountInfo", Auth.adminOrModerator(),
                req -> accountView(pds.admin().getAccountInfo(req.string("did")))));
        r.add(new Route("com.atproto.admin.getAccountInfos", Auth.adminOrModerator(), req -> {
            ObjectNode out = Json.object();
            ArrayNode infos = out.putArray("infos");
            pds.admin().getAccountInfos(req.strings("dids")).forEach(v -> infos.add(accountView(v)));
            return out;
        }));
        r.add(new Route("com.atproto.admin.searchAccounts", Auth.admin(), req -> {
            AccountSearchPage page = pds.admin().searchAccounts(req.optString("email"), req.optString("cursor"),
                    req.optInteger("limit"));
            ObjectNode out = Json.putIfPresent(Json.object(), "cursor", page.cursor());
            ArrayNode accounts = out.putArray("accounts");
            page.accounts().forEach(v -> accounts.add(accountView(v)));
            return out;
        }));
        r.add(new Route("com.atproto.admin.updateAccountEmail", Auth.admin(), req -> {
            pds.admin().updateAccountEmail(req.string("account"), req.string("email"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.updateAccountHandle", Auth.admin(), req -> {
            pds.admin().updateAccountHandle(req.string("did"), req.string("handle"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.updateAccountPassword", Auth.admin(), req -> {
            pds.admin().updateAccountPassword(req.string("did"), req.string("password"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.deleteAccount", Auth.admin(), req -> {
            pds.admin().deleteAccount(req.string("did"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.disableInviteCodes", Auth.adminOrModerator(), req -> {
            pds.invites().disableInviteCodes(req.strings("codes"), req.strings("accounts"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.getInviteCodes", Auth.adminOrModerator(), req -> {
            InviteCodesPage page = pds.invites().getInviteCodes(req.string("sort"), req.integer("limit"),
                    req.string("cursor"));
            ObjectNode out = Json.putIfPresent(Json.object(), "cursor", page.cursor());
            out.set("codes", inviteCodes(page.codes()));
            return out;
        }));
        r.add(new Route("com.atproto.admin.enableAccountInvites", Auth.adminOrModerator(), req -> {
            pds.invites().enableAccountInvites(req.string("account"), req.optString("note"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.disableAccountInvites", Auth.adminOrModerator(), req -> {
            pds.invites().disableAccountInvites(req.string("account"), req.optString("note"));
            return null;
        }));
        r.add(new Route("com.atproto.admin.updateSubjectStatus", Auth.adminOrModerator(), req -> {
            JsonNode subject = req.node("subject").orElseThrow();
            if (!REPO_REF.equals(subject.path("$type").asText())) {
                throw LexiconException.invalidRequest("Only account subjects (" + REPO_REF + ") are supported");
            }
            Optional<JsonNode> takedown = req.node("takedown");
            SubjectStatus s = pds.admin().updateSubjectStatus(subject.path("did").asText(),
                    takedown.map(t -> t.path("applied").asBoolean()),
                    takedown.map(t -> t.path("ref").asText(null)),
                    req.node("deactivated").map(d -> d.path("applied").asBoolean()));
            ObjectNode out = Json.object();
            out.set("subject", repoRef(s.did()));
            out.set("takedown", statusAttr(s.takedown()));
            return out;
        }));
        r.add(new Route("com.atproto.admin.sendEmail", Auth.admin(), req -> Json.object().put("sent",
                pds.admin().sendEmail(req.string("recipientDid"), req.string("content"), req.optString("subject"),
                        req.string("senderDid"), req.optString("comment")))));
        r.add(new Route("com.atproto.admin.getSubjectStatus", Auth.adminOrModerator(), req -> {
            if (req.optString("uri").isPresent() || req.optString("blob").isPresent()) {
                throw LexiconException.invalidRequest("Only account subjects (did) are supported");
            }
            String did = req.optString("did")
                    .orElseThrow(() -> LexiconException.invalidRequest("No provided subject"));
            SubjectStatus s = pds.admin().getSubjectStatus(did);
            ObjectNode out = Json.object();
            out.set("subject", repoRef(s.did()));
            out.set("takedown", statusAttr(s.takedown()));
            out.set("deactivated", statusAttr(s.deactivated()));
            return out;
        }));
    }

    // ------------------------------------------------------------------ legacy (2023-03)

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
        }).limitedBy(RateLimitedAction.CREATE_ACCOUNT));
        r.add(new Route("com.atproto.account.createInviteCode", Auth.admin(), req -> Json.object()
                .put("code", pds.invites().createInviteCode(req.integer("useCount"), Optional.empty()))));
        r.add(new Route("com.atproto.account.get", Auth.none(), req -> {
            pds.accounts().legacyAccountGet();
            return null;
        }));
        r.add(new Route("com.atproto.account.requestPasswordReset", Auth.none(), req -> {
            pds.email().requestPasswordReset(req.string("email"));
            return null;
        }).limitedBy(RateLimitedAction.REQUEST_PASSWORD_RESET));
        r.add(new Route("com.atproto.account.resetPassword", Auth.none(), req -> {
            pds.email().resetPassword(req.string("token"), req.string("password"));
            return null;
        }).limitedBy(RateLimitedAction.RESET_PASSWORD));
        r.add(new Route("com.atproto.account.requestDelete", full(), req -> {
            pds.email().requestAccountDelete(req.access().did());
            return null;
        }).limitedBy(RateLimitedAction.REQUEST_ACCOUNT_DELETE));
        r.add(new Route("com.atproto.account.delete", Auth.none(), req -> {
            pds.email().deleteAccount(req.string("did"), req.string("password"), req.string("token"));
            return null;
        }).limitedBy(RateLimitedAction.DELETE_ACCOUNT));
        r.add(new Route("com.atproto.session.create", Auth.none(), req -> legacySession(pds.sessions()
                .createSession(CreateSessionInput.of(req.string("identifier"), req.string("password"))))).limitedBy(RateLimitedAction.CREATE_SESSION));
        r.add(new Route("com.atproto.session.refresh", Auth.refresh(false),
                req -> legacySession(pds.sessions().refreshSession(req.refresh().jwt()))));
        r.add(new Route("com.atproto.session.delete", Auth.refresh(true), req -> {
            pds.sessions().deleteSession(req.refresh().jwt());
            return null;
        }));
        r.add(new Route("com.atproto.session.get", Auth.access(SessionService.GET_SESSION_SCOPES, false), req -> {
            SessionInfo s = pds.sessions().getSession(req.access().jwt());
            return Json.object().put("handle", s.handle()).put("did", s.did());
        }));
        r.add(new Route("com.atproto.handle.resolve", Auth.none(), req -> Json.object().put("did",
                req.optString("handle").isEmpty() || req.string("handle").equalsIgnoreCase(pds.config().hostname())
                        ? pds.config().serviceDid()
                        : pds.identity().resolveHandle(req.string("handle")))));
        r.add(new Route("com.atproto.handle.update", standard(), req -> {
            pds.accounts().updateHandle(req.access().did(), req.string("handle"));
            return null;
        }).limitedBy(RateLimitedAction.UPDATE_HANDLE));
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

    private static ObjectNode session(SessionOutput s) {
        ObjectNode o = Json.object().put("accessJwt", s.accessJwt()).put("refreshJwt", s.refreshJwt());
        return accountFields(o, s.handle(), s.did(), s.email(), s.emailConfirmed(), s.emailAuthFactor(), s.active(),
                s.status(), s.didDoc());
    }

    private static ObjectNode sessionInfo(SessionInfo s) {
        return accountFields(Json.object(), s.handle(), s.did(), s.email(), s.emailConfirmed(),
                s.emailAuthFactor(), s.active(), s.status(), s.didDoc());
    }

    private static ObjectNode accountFields(ObjectNode o, String handle, String did, Optional<String> email,
                                            boolean emailConfirmed, boolean emailAuthFactor, boolean active,
                                            Optional<String> status, Optional<Map<String, Object>> didDoc) {
        o.put("handle", handle).put("did", did);
        didDoc.ifPresent(doc -> o.set("didDoc", Json.tree(doc)));
        Json.putIfPresent(o, "email", email);
        o.put("emailConfirmed", emailConfirmed).put("emailAuthFactor", emailAuthFactor).put("active", active);
        return Json.putIfPresent(o, "status", status);
    }

    private static ObjectNode legacySession(SessionOutput s) {
        return Json.object().put("accessJwt", s.accessJwt()).put("refreshJwt", s.refreshJwt())
                .put("handle", s.handle()).put("did", s.did());
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

    static ObjectNode createAccountOutput(CreateAccountOutput out) {
        ObjectNode o = Json.object()
                .put("accessJwt", out.accessJwt())
                .put("refreshJwt", out.refreshJwt())
                .put("handle", out.handle())
                .put("did", out.did());
        out.didDoc().ifPresent(doc -> o.set("didDoc", Json.tree(doc)));
        return o;
    }

    static ArrayNode inviteCodes(List<InviteCodeView> codes) {
        ArrayNode out = Json.mapper().createArrayNode();
        codes.forEach(c -> out.add(inviteCode(c)));
        return out;
    }

    static ObjectNode inviteCode(InviteCodeView c) {
        ObjectNode o = Json.object().put("code", c.code()).put("available", c.available())
                .put("disabled", c.disabled()).put("forAccount", c.forAccount()).put("createdBy", c.createdBy())
                .put("createdAt", Datetime.format(c.createdAt()));
        ArrayNode uses = o.putArray("uses");
        c.uses().forEach(u -> uses.addObject().put("usedBy", u.usedBy()).put("usedAt", Datetime.format(u.usedAt())));
        return o;
    }

    static ObjectNode accountView(AccountView v) {
        ObjectNode o = Json.object().put("did", v.did()).put("handle", v.handle());
        Json.putIfPresent(o, "email", v.email());
        o.put("indexedAt", Datetime.format(v.indexedAt()));
        Json.putIfPresent(o, "emailConfirmedAt", v.emailConfirmedAt().map(Datetime::format));
        Json.putIfPresent(o, "deactivatedAt", v.deactivatedAt().map(Datetime::format));
        o.put("invitesDisabled", v.invitesDisabled());
        v.invitedBy().ifPresent(d -> o.set("invitedBy", inviteCode(InviteCodeView.of(d))));
        ArrayNode invites = o.putArray("invites");
        v.invites().forEach(d -> invites.add(inviteCode(InviteCodeView.of(d))));
        return o;
    }

    private static ObjectNode repoRef(String did) {
        return Json.object().put("$type", REPO_REF).put("did", did);
    }

    private static ObjectNode statusAttr(StatusAttr a) {
        return Json.putIfPresent(Json.object().put("applied", a.applied()), "ref", a.ref());
    }
}
