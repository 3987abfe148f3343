package dev.pdsaccounts.service.session;

import dev.pdsaccounts.account.Account;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.identity.PlcDirectory;
import dev.pdsaccounts.session.AppPassword;
import dev.pdsaccounts.session.IssuedSession;
import dev.pdsaccounts.service.internal.SessionErrors;
import dev.pdsaccounts.session.SessionOutput;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.syntax.Handle;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the session use cases share: the lexicon view of a new session, the bearer-token parsing and the
 * plain-text check of identifiers and names. Package-private: not API.
 */
final class SessionViews {
    private static final String BEARER = "bearer";

    private final PdsConfig config;
    private final PlcDirectory plcDirectory;

    SessionViews(PdsConfig config, PlcDirectory plcDirectory) {
        this.config = Objects.requireNonNull(config, "config");
        this.plcDirectory = Objects.requireNonNull(plcDirectory, "plcDirectory");
    }


    /** No control characters and no unpaired surrogates: safe to hand to any store. */
    static boolean isPlainText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The token of an {@code Authorization} header value, or the value itself when it is a bare token. */
    static String bearerToken(String value) {
        if (value == null) {
            throw SessionErrors.authMissing();
        }
        String v = value.strip();
        if (v.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (v.length() == BEARER.length() || Character.isWhitespace(v.charAt(BEARER.length())))) {
            v = v.substring(BEARER.length()).strip();
        }
        if (v.isEmpty()) {
            throw SessionErrors.authMissing();
        }
        return v;
    }

    SessionOutput output(Account account, IssuedSession session) {
        return new SessionOutput(session.accessJwt(), session.refreshJwt(), displayHandle(account), account.did(),
                account.email(), account.emailConfirmed(), account.emailAuthFactor(), account.status().isActive(),
                account.status().lexiconValue(), didDoc(account.did()));
    }

    static String displayHandle(Account account) {
        return Handle.isValid(account.handle()) ? account.handle() : Handle.INVALID_HANDLE;
    }

    Optional<Map<String, Object>> didDoc(String did) {
        if (!config.didDocWithSession()) {
            return Optional.empty();
        }
        try {
            return plcDirectory.resolveDocument(did);
        } catch (RuntimeException e) {
            return Optional.empty(); // as the reference: the document is a courtesy, the session stands
        }
    }

    /** The account's app password with this name. */
    static Optional<AppPassword> findAppPassword(StoreAccess access, String did, String name) {
        return access.appPasswordsOf(did).stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
