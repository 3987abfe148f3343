package dev.pdsaccounts.testkit;

import dev.pdsaccounts.store.AccountStore;
import dev.pdsaccounts.store.StoreAccess;
import dev.pdsaccounts.store.TransactionWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Wraps a store so that chosen read methods pause briefly (0.2 to 2 ms) after answering, on the store itself
 * and on the access of its transactions. Every call still goes to the real store, which decides every race;
 * the pause only widens the window between a use case's read and its write, so a race test hits the
 * interleaving that a fast store would otherwise make rare.
 */
final class PausingStore {
    private PausingStore() {}

    /** {@code store}, pausing after each call of a method named in {@code methods}. */
    static AccountStore pausingAfter(AccountStore store, Set<String> methods) {
        return wrap(AccountStore.class, store, methods);
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, T target, Set<String> methods) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "PausingStore[" + target + "]";
                };
            }
            if (method.getName().equals("inTransaction")) {
                TransactionWork<?> work = (TransactionWork<?>) args[0];
                return ((AccountStore) target).inTransaction(tx -> work.run(wrap(StoreAccess.class, tx, methods)));
            }
            Object result;
            try {
                result = method.invoke(target, args);
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
