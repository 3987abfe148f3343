package dev.pdsaccounts.service.internal;

/** Outcome of inserting an app password. */
public sealed interface CreateAppPasswordResult {
    /** Inserted. */
    record Created() implements CreateAppPasswordResult {}

    /** The account already has an app password with this name; nothing changed. */
    record DuplicateName() implements CreateAppPasswordResult {}

    /** No account with this DID; nothing changed. */
    record AccountNotFound() implements CreateAppPasswordResult {}
}
