package dev.pdsaccounts.testkit;

/** The invite property's model of one code: what the store must agree with after every step. */
final class InviteModelCode {
    /** Total uses. */
    final int available;
    /** The DID (or {@code "admin"}) the code is issued to; its takedown makes the code unusable. */
    final String forAccount;
    /** Uses recorded so far. */
    int uses;
    /** Whether an admin disabled it. */
    boolean disabled;

    /** A fresh, enabled, unused code. */
    InviteModelCode(int available, String forAccount) {
        this.available = available;
        this.forAccount = forAccount;
    }
}
