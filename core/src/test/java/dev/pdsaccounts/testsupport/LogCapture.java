package dev.pdsaccounts.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the library's log records while open: its SLF4J loggers reach {@code java.util.logging} through the
 * {@code slf4j-jdk14} provider on the test classpath. The {@code dev.pdsaccounts} logger is set to {@code ALL}
 * meanwhile, and restored on {@link #close()}.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger library = Logger.getLogger("dev.pdsaccounts");
    private final Level previous = library.getLevel();
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        LogCapture c = new LogCapture();
        c.library.setLevel(Level.ALL);
        c.library.addHandler(c.handler);
        return c;
    }

    /** The records so far, of loggers whose name starts with {@code prefix}. */
    public List<LogRecord> of(String prefix) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLoggerName().startsWith(prefix)).toList();
        }
    }

    /** The formatted messages so far (with each record's thrown, if any, as its {@code toString}). */
    public String text() {
        StringBuilder b = new StringBuilder();
        synchronized (records) {
            for (LogRecord r : records) {
                b.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage());
                if (r.getThrown() != null) {
                    b.append(" / ").append(r.getThrown());
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        library.removeHandler(handler);
        library.setLevel(previous);
    }
}
