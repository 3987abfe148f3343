package dev.pdsaccounts.account;

import java.util.Map;

/**
 * The input of {@code com.atproto.server.createAccount}, field for field. Every field may be null (absent),
 * as in the lexicon; the use case decides what is required. {@link #toString()} hides the password and codes.
 *
 * <pre>{@code
 * CreateAccountInput in = CreateAccountInput.builder()
 *         .handle("alice.pds.example.com").email("alice@example.com").password("correct horse")
 *         .inviteCode(code).build();
 * }</pre>
 *
 * @param handle            requested handle
 * @param email             email address
 * @param password          password
 * @param inviteCode        invite code
 * @param did               a pre-existing DID being imported
 * @param plcOp             a signed PLC operation (entryway-style creation)
 * @param recoveryKey       a did:key placed first among the new DID's rotation keys
 * @param verificationCode  the code texted to {@code verificationPhone}
 * @param verificationPhone the phone number verified at sign-up
 */
public record CreateAccountInput(String handle, String email, String password, String inviteCode, String did,
                                 Map<String, Object> plcOp, String recoveryKey, String verificationCode,
                                 String verificationPhone) {

    /** A builder with every field absent. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "CreateAccountInput[handle=" + handle + ", email=" + email + ", did=" + did
                + ", password=" + (password == null ? "absent" : "hidden") + "]";
    }

    /** Builder of {@link CreateAccountInput}. */
    public static final class Builder {
        private String handle;
        private String email;
        private String password;
        private String inviteCode;
        private String did;
        private Map<String, Object> plcOp;
        private String recoveryKey;
        private String verificationCode;
        private String verificationPhone;

        private Builder() {}

        /** Sets {@code handle}. */
        public Builder handle(String v) {
            handle = v;
            return this;
        }

        /** Sets {@code email}. */
        public Builder email(String v) {
            email = v;
            return this;
        }

        /** Sets {@code password}. */
        public Builder password(String v) {
            password = v;
            return this;
        }

        /** Sets {@code inviteCode}. */
        public Builder inviteCode(String v) {
            inviteCode = v;
            return this;
        }

        /** Sets {@code did}. */
        public Builder did(String v) {
            did = v;
            return this;
        }

        /** Sets {@code plcOp}. */
        public Builder plcOp(Map<String, Object> v) {
            plcOp = v;
            return this;
        }

        /** Sets {@code recoveryKey}. */
        public Builder recoveryKey(String v) {
            recoveryKey = v;
            return this;
        }

        /** Sets {@code verificationCode}. */
        public Builder verificationCode(String v) {
            verificationCode = v;
            return this;
        }

        /** Sets {@code verificationPhone}. */
        public Builder verificationPhone(String v) {
            verificationPhone = v;
            return this;
        }

        /** Builds the input. */
        public CreateAccountInput build() {
            return new CreateAccountInput(handle, email, password, inviteCode, did, plcOp, recoveryKey,
                    verificationCode, verificationPhone);
        }
    }
}
