package dev.pdsaccounts.testkit;

import dev.pdsaccounts.crypto.PasswordHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PasswordHasher} that counts the work it is asked to do and remembers which stored hashes it verified
 * against, delegating everything: for tests of equal hashing work on every failure path.
 */
final class CountingHasher implements PasswordHasher {
    private final PasswordHasher delegate;
    private final AtomicInteger hashes = new AtomicInteger();
    private final List<String> verifiedAgainst = new ArrayList<>();

    /** A counter around {@code delegate}. */
    CountingHasher(PasswordHasher delegate) {
        this.delegate = delegate;
    }

    @Override
    public String hash(String password) {
        hashes.incrementAndGet();
        return delegate.hash(password);
    }

    @Override
    public boolean verify(String password, String storedHash) {
        synchronized (verifiedAgainst) {
            verifiedAgainst.add(storedHash);
        }
        return delegate.verify(password, storedHash);
    }

    @Override
    public boolean needsRehash(String storedHash) {
        return delegate.needsRehash(storedHash);
    }

    @Override
    public boolean supports(String storedHash) {
        return delegate.supports(storedHash);
    }

    /** How many hashes were made. */
    int hashes() {
        return hashes.get();
    }

    /** The stored hashes verified against since the last {@link #reset()}, in order. */
    List<String> verifiedAgainst() {
        synchronized (verifiedAgainst) {
            return List.copyOf(verifiedAgainst);
        }
    }

    /** Forgets every count. */
    void reset() {
        hashes.set(0);
        synchronized (verifiedAgainst) {
            verifiedAgainst.clear();
        }
    }

    @Override
    public String toString() {
        return "CountingHasher[" + delegate + "]";
    }
}
