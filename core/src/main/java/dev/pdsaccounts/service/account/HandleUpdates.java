package dev.pdsaccounts.service.account;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.account.HandleCheck;
import dev.pdsaccounts.account.HandlePolicy;
import dev.pdsaccounts.service.internal.UpdateResult;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.CodecException;
import dev.pdsaccounts.error.InfrastructureException;
import dev.pdsaccounts.error.LexiconError;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.identity.HandleResolver;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.identity.PlcOperations;
import dev.pdsaccounts.identity.PlcUpdates;
import dev.pdsaccounts.service.internal.AccountChanges;
import dev.pdsaccounts.service.internal.AccountEventPublisher;
import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.syntax.Did;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changing an account's handle, shared by {@code com.atproto.identity.updateHandle} (the owner) and
 * {@code com.atproto.admin.updateAccountHandle} (an admin, who may take reserved handles), in the reference's
 * order ({@code AccountManager.updateHandle}):
 * <ol>
 *   <li>the {@link HandlePolicy} (syntax, TLD, filter, service-domain rules, reserved words unless admin);</li>
 *   <li>the account must exist (deactivated and taken-down ones included);</li>
 *   <li>a handle outside the service domains must resolve, through the {@link HandleResolver}, to the account's
 *       DID ({@code InvalidRequest} "External handle did not resolve to DID");</li>
 *   <li>a handle held by another account is {@code HandleNotAvailable} "Handle already taken: &lt;handle&gt;"; the
 *       account's own handle is a no-op success;</li>
 *   <li>for a did:plc, an update operation replacing the {@code at://} entry of {@code alsoKnownAs}, signed with
 *       the PDS rotation key, is submitted to the PLC directory (other DID methods keep their own documents);</li>
 *   <li>the store update, which decides races: the loser gets {@code HandleNotAvailable}, and its PLC change is
 *       undone on a best-effort basis (the reference does not undo it).</li>
 * </ol>
 * Thread-safe.
 */
public final class HandleUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(HandleUpdates.class);
    private final PdsSecrets secrets;
    private final AccountStore store;
    private final PlcDirectory plcDirectory;
    private final HandlePolicy handlePolicy;
    private final HandleResolver resolver;
    private final AccountEventPublisher events;

    /**
     * Wired by {@link dev.pdsaccounts.PdsAccounts}'s builder, the one place that assembles the library.
     *
     * @param secrets the secrets
     * @param store the store port
     * @param plcDirectory the PLC directory
     * @param handlePolicy the handle rules
     * @param resolver resolves custom-domain handles
     * @param events publishes the handle change after commit
     */
    public HandleUpdates(PdsSecrets secrets,
            AccountStore store,
            PlcDirectory plcDirectory,
            HandlePolicy handlePolicy,
            HandleResolver resolver,
            AccountEventPublisher events) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.store = Objects.requireNonNull(store, "store");
        this.plcDirectory = Objects.requireNonNull(plcDirectory, "plcDirectory");
        this.handlePolicy = Objects.requireNonNull(handlePolicy, "handlePolicy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Sets the account's handle (rules in the class comment).
     *
     * @param did           the account
     * @param rawHandle     the new handle, any case
     * @param allowReserved whether reserved words and the handle filter are waived (admins)
     * @return the normalised handle now held
     * @throws LexiconException {@code InvalidHandle}, {@code HandleNotAvailable}, {@code InvalidRequest}
     *                          ("account not found", "External handle did not resolve to DID"), or
     *                          {@code IncompatibleDidDoc} when the PLC directory refuses the update
     * @throws InfrastructureException when the PLC directory, the resolver or the store fails
     */
    public String updateHandle(String did, String rawHandle, boolean allowReserved) {
        HandleCheck check = handlePolicy.check(rawHandle, allowReserved);
        String handle = check.handle().value();
        Account account = find(did).orElseThrow(HandleUpdates::accountNotFound);
        if (check instanceof HandleCheck.ExternalHandle && !resolvesTo(handle, account.did())) {
            throw LexiconException.invalidRequest("External handle did not resolve to DID");
        }
        Optional<Account> holder = store.findAccountByHandle(handle);
        if (holder.isPresent()) {
            if (holder.get().did().equals(account.did())) {
                return handle;
            }
            throw handleTaken(handle);
        }
        boolean plc = account.did().startsWith("did:plc:");
        if (plc) {
            submitHandle(account.did(), handle);
        }
        UpdateResult result = events.inTransaction(account.did(), tx -> AccountChanges.setHandle(tx, account.did(), handle));
        if (result instanceof UpdateResult.Updated) {
            return handle;
        }
        if (plc) {
            restoreHandle(account.did(), account.handle());
        }
        if (result instanceof UpdateResult.HandleTaken) {
            throw handleTaken(handle);
        }
        throw accountNotFound();
    }

    private boolean resolvesTo(String handle, String did) {
        Optional<String> resolved;
        try {
            resolved = resolver.resolve(handle);
        } catch (InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureException("handle resolver failed", e);
        }
        return resolved != null && resolved.isPresent() && resolved.get().equals(did);
    }

    private void submitHandle(String did, String handle) {
        try {
            Map<String, Object> last = plcDirectory.lastOperation(did)
                    .orElseThrow(() -> new InfrastructureException("the PLC directory does not know the account's DID"));
            Map<String, Object> op = PlcOperations.sign(PlcUpdates.handleUpdate(last, handle),
                    secrets.plcRotationKey());
            plcDirectory.submit(did, op);
        } catch (CodecException e) {
            throw e.toInvalidRequest(); // the last operation or the new one is not encodable
        } catch (LexiconException | InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureException("PLC directory failed to take the handle update", e);
        }
    }

    /** Best effort: the store refused the handle, so point the DID document back at the handle the account has. */
    private void restoreHandle(String did, String previousHandle) {
        try {
            Account current = store.findAccountByDid(did).orElse(null);
            submitHandle(did, current != null ? current.handle() : previousHandle);
        } catch (RuntimeException e) {
            LOG.warn("could not point the DID document of {} back at its handle after a lost handle race", did, e);
            // The refusal below is the answer; a document left naming the other handle fails bidirectional
            // verification, exactly as the reference leaves it.
        }
    }

    /**
     * The account with this DID, if the DID is well-formed and stored.
     *
     * @param did the DID, as given by the caller
     * @return the account, or empty
     */
    public Optional<Account> find(String did) {
        if (did == null || !Did.isValid(did)) {
            return Optional.empty();
        }
        return store.findAccountByDid(did);
    }

    static LexiconException accountNotFound() {
        return LexiconException.invalidRequest("account not found");
    }

    private static LexiconException handleTaken(String handle) {
        return new LexiconException(LexiconError.HANDLE_NOT_AVAILABLE, "Handle already taken: " + handle);
    }
}
