package io.zero429.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a fault once per kind (where it happened and the exception class), so a fault on every request never
 * floods the application's standard error; {@link #count()} still counts every occurrence.
 */
public final class OnceLog {
    private static final int MAX_KINDS = 1024;

    private final Logger logger;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();

    public OnceLog(Logger logger) {
        this.logger = logger;
    }

    /** Records an internal fault at {@code where}; logs it at WARN the first time this kind is seen. */
    public void fault(String where, Throwable error) {
        count.increment();
        String kind = where + ':' + error.getClass().getName();
        if (seen.size() < MAX_KINDS && seen.add(kind)) {
            logger.warn("internal fault in {} ({}); the request went on untouched. Further faults of this kind are "
                    + "counted, not logged.", where, error.getClass().getName(), withoutMessages(error));
        }
    }

    /**
     * The fault with its class names and stack frames but no messages: a message may quote what the agent was
     * reading (a URL with its query string, a header value), and nothing of a request may reach the log.
     */
    static Throwable withoutMessages(Throwable error) {
        Throwable cause = error.getCause();
        Throwable redacted = new Redacted(error.getClass().getName(),
                cause == null || cause == error ? null : withoutMessages(cause));
        redacted.setStackTrace(error.getStackTrace());
        return redacted;
    }

    /** Prints as the original exception's class name, without its message. */
    private static final class Redacted extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String className;

        Redacted(String className, Throwable cause) {
            super(null, cause, false, true);
            this.className = className;
        }

        @Override
        public String toString() {
            return className + " (message withheld)";
        }
    }

    public long count() {
        return count.sum();
    }
}
