package dev.pdsaccounts.account;

/**
 * Tells whether an email domain belongs to a disposable-address provider (the reference PDS uses the
 * {@code disposable-email-domains-js} list). Emails at such domains are refused by {@link EmailPolicy}.
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
}
