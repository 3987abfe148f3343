package dev.pdsaccounts.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts what a store asks of the database (connection check-outs, statements executed, commits), to say what
 * bounds an operation on PostgreSQL: each statement and each commit is a round trip, and each commit of a
 * write waits for the WAL flush.
 */
public final class JdbcCounts {
    private final LongAdder connections = new LongAdder();
    private final LongAdder statements = new LongAdder();
    private final LongAdder commits = new LongAdder();

    /**
     * A snapshot of the counters.
     *
     * @param connections connections checked out
     * @param statements statements executed
     * @param commits commits
     */
    public record Snapshot(long connections, long statements, long commits) {
        /**
         * The counts since an earlier snapshot, per operation.
         *
         * @param before the earlier snapshot
         * @param operations how many operations ran in between
         * @return e.g. {@code "4.0 connections, 7.0 statements, 2.0 commits per op"}
         */
        public String perOperation(Snapshot before, long operations) {
            double n = Math.max(1, operations);
            return String.format(Locale.ROOT, "%.1f connection check-outs, %.1f statements, %.1f commits per call",
                    (connections - before.connections) / n, (statements - before.statements) / n,
                    (commits - before.commits) / n);
        }
    }

    /**
     * The counters now.
     *
     * @return a snapshot
     */
    public Snapshot snapshot() {
        return new Snapshot(connections.sum(), statements.sum(), commits.sum());
    }

    /**
     * Wraps a data source so that everything done through it is counted here.
     *
     * @param target the real data source
     * @return the counting data source
     */
    public DataSource wrap(DataSource target) {
        return new CountingDataSource(target);
    }

    private final class CountingDataSource implements DataSource {
        private final DataSource target;

        CountingDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.increment();
            return proxy(Connection.class, target.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            connections.increment();
            return proxy(Connection.class, target.getConnection(user, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return target.isWrapperFor(iface);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target) {
        InvocationHandler h = (p, m, args) -> {
            count(m);
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement && m.getReturnType().isInterface()) {
                return proxy((Class<Object>) m.getReturnType(), result);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(JdbcCounts.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private void count(Method m) {
        String name = m.getName();
        if (Statement.class.isAssignableFrom(m.getDeclaringClass()) && name.startsWith("execute")) {
            statements.increment();
        } else if (m.getDeclaringClass() == Connection.class && name.equals("commit")) {
            commits.increment();
        }
    }
}
