package dev.pdsaccounts.mail.smtp;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/** A {@link System.Logger} keeping every record (at every level) for assertions. Thread-safe. */
final class CapturingLogger implements System.Logger {
    /** One logged line. */
    record Entry(Level level, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public String getName() {
        return SmtpMailer.LOGGER_NAME;
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public synchronized void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        entries.add(new Entry(level, msg + (thrown == null ? "" : " " + thrown)));
    }

    @Override
    public synchronized void log(Level level, ResourceBundle bundle, String format, Object... params) {
        entries.add(new Entry(level, params == null || params.length == 0 ? format
                : MessageFormat.format(format, params)));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized List<Entry> at(Level level) {
        return entries.stream().filter(e -> e.level() == level).collect(Collectors.toList());
    }

    synchronized String all() {
        return entries.stream().map(e -> e.level() + " " + e.message()).collect(Collectors.joining("\n"));
    }
}
