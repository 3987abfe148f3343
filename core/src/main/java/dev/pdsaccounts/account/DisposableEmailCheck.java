package dev.pdsaccounts.account;

/**
 * Tells whether an email domain belongs to a disposable-address provider (the reference PDS uses the
 * {@code disposable-email-domains-js} list). Emails at such domains are refused by {@link EmailPolicy}.
 * The default is {@link DisposableEmailDomains#defaults()}, the reference's list.
 */
@FunctionalInterface
public interface DisposableEmailCheck {
    /** A check that treats no domain as disposable. */
    DisposableEmailCheck NONE = domain -> false;

    /**
     * Whether {@code domain} is disposable.
     *
     * @param domain the part after {@code @} of a valid email, lower-cased
     * @return {@code true} to refuse emails at this domain
     */
    boolean isDisposable(String domain);

    /**
     * A check refusing what this one or {@code other} refuses (e.g. the defaults plus a host's own rule).
     *
     * @param other the other check
     * @return the combined check
     * @throws IllegalArgumentException when {@code other} is {@code null}
     */
    default DisposableEmailCheck or(DisposableEmailCheck other) {
        if (other == null) {
            throw new IllegalArgumentException("other check must not be null");
        }
        return domain -> isDisposable(domain) || other.isDisposable(domain);
    }
}
