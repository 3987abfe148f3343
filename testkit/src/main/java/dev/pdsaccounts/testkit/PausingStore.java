package dev.pdsaccounts.testkit;

import dev.pdsaccounts.store.AccountStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Wraps a store so that chosen read methods pause briefly (0.2 to 2 ms) after answering. Every call still goes
 * to the real store, which decides every race; the pause only widens the window between a use case's read and
 * its conditional write, so a race test hits the interleaving that a fast store would otherwise make rare.
 */
final class PausingStore {
    private PausingStore() {}

    /** {@code store}, pausing after each call of a method named in {@code methods}. */
    static AccountStore pausingAfter(AccountStore store, Set<String> methods) {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "PausingStore[" + store + "]";
                        };
                    }
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (methods.contains(method.getName())) {
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000, 2_000_000));
                    }
                    return result;
                });
    }
}
