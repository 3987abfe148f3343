package dev.pdsaccounts.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hasher login uses: new hashes come from the primary hasher (Argon2id), verification goes to the first
 * hasher (primary first, then the legacy ones in order) that {@link PasswordHasher#supports supports} the
 * stored format, and {@link #needsRehash} is {@code true} for anything that is not the primary's format with
 * its current parameters. After a successful {@link #verify}, a caller seeing {@code needsRehash} stores
 * {@link #hash} of the same password.
 *
 * <p>Thread-safe when its hashers are.
 */
public final class DelegatingPasswordHasher implements PasswordHasher {
    private final PasswordHasher primary;
    private final List<PasswordHasher> verifiers;

    /**
     * A hasher writing with {@code primary} and also reading the formats of {@code legacy}.
     *
     * @param primary the hasher new hashes come from
     * @param legacy hashers of older formats, tried in order after the primary
     */
    public DelegatingPasswordHasher(PasswordHasher primary, List<? extends PasswordHasher> legacy) {
        this.primary = Objects.requireNonNull(primary, "primary");
        List<PasswordHasher> all = new ArrayList<>();
        all.add(primary);
        for (PasswordHasher h : Objects.requireNonNull(legacy, "legacy")) {
            all.add(Objects.requireNonNull(h, "legacy hasher"));
        }
        this.verifiers = List.copyOf(all);
    }

    /**
     * The production setup: Argon2id with {@link Argon2Parameters#v1()} as primary, reading the reference
     * PDS's scrypt format too.
     *
     * @return a new delegating hasher
     */
    public static DelegatingPasswordHasher standard() {
        return new DelegatingPasswordHasher(
                new Argon2idHasher(Argon2Parameters.v1()), List.of(new ReferenceScryptHasher()));
    }

    /**
     * The hasher new hashes come from.
     *
     * @return the primary hasher
     */
    public PasswordHasher primary() {
        return primary;
    }

    @Override
    public String hash(String password) {
        return primary.hash(password);
    }

    @Override
    public boolean verify(String password, String storedHash) {
        for (PasswordHasher h : verifiers) {
            if (h.supports(storedHash)) {
                return h.verify(password, storedHash);
            }
        }
        return false;
    }

    @Override
    public boolean needsRehash(String storedHash) {
        return !primary.supports(storedHash) || primary.needsRehash(storedHash);
    }

    @Override
    public boolean supports(String storedHash) {
        for (PasswordHasher h : verifiers) {
            if (h.supports(storedHash)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "DelegatingPasswordHasher" + verifiers;
    }
}
