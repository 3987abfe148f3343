package dev.pdsaccounts.account;

/**
 * Port to check a phone number and the code texted to it, used at sign-up when
 * {@link dev.pdsaccounts.config.PdsConfig#phoneVerificationRequired()} is set. Implementations are
 * thread-safe and answer false (not an exception) for a wrong code; transport failures throw an
 * {@link dev.pdsaccounts.error.InfrastructureException}.
 */
@FunctionalInterface
public interface PhoneVerifier {
    /** Rejects every code: the default, so a host that requires phones must plug a real verifier in. */
    PhoneVerifier REJECT_ALL = (phone, code) -> false;

    /**
     * Whether {@code code} is the valid code sent to {@code phone}.
     *
     * @param phone the phone number the user gave
     * @param code  the code the user typed
     * @return true when the code is valid for this phone
     */
    boolean verify(String phone, String code);
}
