package dev.pdsaccounts.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default mailer: keeps every mail in memory, oldest first, for embedding hosts that deliver mail
 * themselves, for demos (a dev outbox) and for tests. Holds at most {@code capacity} mails (oldest dropped).
 * Thread-safe.
 */
public final class RecordingMailer implements Mailer {
    /** Default number of mails kept. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final List<Mail> mails = new ArrayList<>();

    /** A mailer keeping {@value #DEFAULT_CAPACITY} mails. */
    public RecordingMailer() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A mailer keeping at most {@code capacity} mails; the oldest are dropped first.
     *
     * @param capacity the most mails kept, positive
     */
    public RecordingMailer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void send(Mail mail) {
        if (mails.size() == capacity) {
            mails.remove(0);
        }
        mails.add(mail);
    }

    /** {@return every kept mail, oldest first} */
    public synchronized List<Mail> mails() {
        return List.copyOf(mails);
    }

    /**
     * Kept mails to {@code address} (compared case-insensitively), oldest first.
     *
     * @param address the recipient
     * @return the mails, possibly none
     */
    public synchronized List<Mail> mailsTo(String address) {
        return mails.stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
    }

    /**
     * The newest mail to {@code address} of this template.
     *
     * @param address  the recipient, compared case-insensitively
     * @param template the kind of mail
     * @return the mail, or empty when none was sent
     */
    public synchronized Optional<Mail> latest(String address, MailTemplate template) {
        for (int i = mails.size() - 1; i >= 0; i--) {
            Mail m = mails.get(i);
            if (m.template() == template && m.to().equalsIgnoreCase(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Forgets every mail. */
    public synchronized void clear() {
        mails.clear();
    }
}
