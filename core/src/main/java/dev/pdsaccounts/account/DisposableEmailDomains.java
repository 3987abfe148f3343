package dev.pdsaccounts.account;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link DisposableEmailCheck} over a fixed list of domains, matched as the reference PDS matches them: the
 * domain (the part after the last {@code @}), trimmed and lower-cased, must equal one entry exactly (no
 * parent-domain matching: {@code mailinator.com} listed does not refuse {@code a.mailinator.com}).
 *
 * <p>{@link #defaults()} is the reference's list (8,883 domains, the {@code disposable-email-domains-js} 1.26.0
 * block list, CC0-1.0), shipped as the resource {@code disposable-email-domains.txt} next to this class and the
 * default of {@code PdsAccounts.builder().disposableEmailCheck(...)}. To replace it, pass
 * {@link #of(Collection)} (or {@link DisposableEmailCheck#NONE} to accept every domain); to extend it, pass
 * {@code DisposableEmailDomains.defaults().plus(List.of("my-burner.example"))} or combine any two checks with
 * {@link DisposableEmailCheck#or(DisposableEmailCheck)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DisposableEmailDomains implements DisposableEmailCheck {
    private static final String RESOURCE = "disposable-email-domains.txt";

    private final Set<String> domains;

    private DisposableEmailDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    /**
     * The reference PDS's list, loaded once from the bundled resource.
     *
     * @return the default list
     */
    public static DisposableEmailDomains defaults() {
        return Defaults.INSTANCE;
    }

    /**
     * A custom list.
     *
     * @param domains the domains; entries are trimmed and lower-cased, blank ones ignored
     * @return the list
     * @throws IllegalArgumentException when {@code domains} or an entry is {@code null} (a configuration error)
     */
    public static DisposableEmailDomains of(Collection<String> domains) {
        return new DisposableEmailDomains(normalized(domains));
    }

    /**
     * This list plus more domains.
     *
     * @param more the extra domains (same rules as {@link #of(Collection)})
     * @return a new list holding both
     * @throws IllegalArgumentException when {@code more} or an entry is {@code null}
     */
    public DisposableEmailDomains plus(Collection<String> more) {
        Set<String> all = new HashSet<>(domains);
        all.addAll(normalized(more));
        return new DisposableEmailDomains(all);
    }

    /** {@return how many domains the list holds} */
    public int size() {
        return domains.size();
    }

    @Override
    public boolean isDisposable(String domain) {
        return domain != null && domains.contains(domain.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "DisposableEmailDomains[" + domains.size() + " domains]";
    }

    private static Set<String> normalized(Collection<String> domains) {
        if (domains == null) {
            throw new IllegalArgumentException("domains must not be null");
        }
        Set<String> set = new HashSet<>();
        for (String d : domains) {
            if (d == null) {
                throw new IllegalArgumentException("domains must not contain null");
            }
            String t = d.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                set.add(t);
            }
        }
        return set;
    }

    private static final class Defaults {
        static final DisposableEmailDomains INSTANCE = load();

        private static DisposableEmailDomains load() {
            try (InputStream in = DisposableEmailDomains.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " missing from the core jar");
                }
                return of(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
