package dev.pdsaccounts.store.sqlite;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite store's connection holder: opens connections to one file with the store's pragmas and keeps up to
 * {@code maxIdle} of them open for reuse. Not a general pool: no size limit (SQLite connections are cheap and
 * writers are serialised by the database), no validation beyond "not closed". A connection handed out is a
 * proxy whose {@code close()} returns it here.
 */
final class SqliteConnections implements DataSource, AutoCloseable {
    private final String url;
    private final SQLiteConfig config;
    private final ArrayBlockingQueue<Connection> idle;
    private volatile boolean closed;

    SqliteConnections(String url, SQLiteConfig config, int maxIdle) {
        this.url = url;
        this.config = config;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the SQLite store is closed");
        }
        Connection raw = idle.poll();
        if (raw == null || raw.isClosed()) {
            raw = config.createConnection(url);
        }
        return lease(raw);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private Connection lease(Connection raw) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean released;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "close":
                        if (!released) {
                            released = true;
                            release(raw);
                        }
                        return null;
                    case "isClosed":
                        return released || raw.isClosed();
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "SqliteConnections.Lease[" + url + "]";
                    default:
                        if (released) {
                            throw new SQLException("connection already returned to the SQLite store");
                        }
                        try {
                            return method.invoke(raw, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(SqliteConnections.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private void release(Connection raw) throws SQLException {
        boolean keep = false;
        try {
            if (!closed && !raw.isClosed()) {
                if (!raw.getAutoCommit()) {
                    raw.rollback();
                    raw.setAutoCommit(true);
                }
                keep = idle.offer(raw);
            }
        } finally {
            if (!keep) {
                raw.close();
            }
        }
        if (closed) {
            drain();
        }
    }

    /** Closes the idle connections and refuses new leases; leased ones are closed when returned. */
    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // No logging.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // Opening a file has no login.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
