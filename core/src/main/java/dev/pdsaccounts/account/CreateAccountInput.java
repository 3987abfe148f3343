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

    /** {@return a new builder with every field absent} */
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

        /**
         * Sets the requested handle (required).
         *
         * @param v the handle as typed; it is normalised and checked by the use case
         * @return this builder
         */
        public Builder handle(String v) {
            handle = v;
            return this;
        }

        /**
         * Sets the email (required unless a DID is imported).
         *
         * @param v the email as typed; it is normalised and checked by the use case
         * @return this builder
         */
        public Builder email(String v) {
            email = v;
            return this;
        }

        /**
         * Sets the password.
         *
         * @param v the password in clear; kept out of {@code toString()}
         * @return this builder
         */
        public Builder password(String v) {
            password = v;
            return this;
        }

        /**
         * Sets the invite code (required when the service requires invites).
         *
         * @param v the code
         * @return this builder
         */
        public Builder inviteCode(String v) {
            inviteCode = v;
            return this;
        }

        /**
         * Sets the DID to import (account migration) instead of creating a new did:plc.
         *
         * @param v the DID
         * @return this builder
         */
        public Builder did(String v) {
            did = v;
            return this;
        }

        /**
         * Sets the signed PLC operation of an entryway-style creation (with {@link #did(String)}).
         *
         * @param v the operation as decoded JSON
         * @return this builder
         */
        public Builder plcOp(Map<String, Object> v) {
            plcOp = v;
            return this;
        }

        /**
         * Sets the user's recovery key, placed first among the rotation keys of a new did:plc.
         *
         * @param v a did:key
         * @return this builder
         */
        public Builder recoveryKey(String v) {
            recoveryKey = v;
            return this;
        }

        /**
         * Sets the phone verification code (when the service requires phone verification).
         *
         * @param v the code sent to the phone
         * @return this builder
         */
        public Builder verificationCode(String v) {
            verificationCode = v;
            return this;
        }

        /**
         * Sets the verified phone number (when the service requires phone verification).
         *
         * @param v the phone number
         * @return this builder
         */
        public Builder verificationPhone(String v) {
            verificationPhone = v;
            return this;
        }

        /**
         * Builds the input; values are checked by the use case, not here.
         *
         * @return the input, never null
         */
        public CreateAccountInput build() {
            return new CreateAccountInput(handle, email, password, inviteCode, did, plcOp, recoveryKey,
                    verificationCode, verificationPhone);
        }
    }
}
