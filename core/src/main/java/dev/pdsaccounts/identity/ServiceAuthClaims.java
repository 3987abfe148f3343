package dev.pdsaccounts.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The verified claims of a service-auth JWT.
 *
 * @param iss the issuer as written (a DID, possibly with a {@code #fragment} naming a service key)
 * @param aud the audience
 * @param exp the expiry
 * @param iat the issue time, when present
 * @param lxm the lexicon method the token is bound to, when present
 * @param jti the token id, when present
 */
public record ServiceAuthClaims(String iss, String aud, Instant exp, Optional<Instant> iat, Optional<String> lxm,
                                Optional<String> jti) {
    /**
     * Validates presence.
     *
     * @param iss the issuer as written (a DID, possibly with a {@code #fragment} naming a service key)
     * @param aud the audience
     * @param exp the expiry
     * @param iat the issue time, when present
     * @param lxm the lexicon method the token is bound to, when present
     * @param jti the token id, when present
     * @throws NullPointerException if a component is null
     */
    public ServiceAuthClaims {
        Objects.requireNonNull(iss, "iss");
        Objects.requireNonNull(aud, "aud");
        Objects.requireNonNull(exp, "exp");
        Objects.requireNonNull(iat, "iat");
        Objects.requireNonNull(lxm, "lxm");
        Objects.requireNonNull(jti, "jti");
    }

    /**
     * The issuer's DID: {@link #iss()} without its {@code #fragment}.
     *
     * @return the DID
     */
    public String issuerDid() {
        int hash = iss.indexOf('#');
        return hash < 0 ? iss : iss.substring(0, hash);
    }
}
