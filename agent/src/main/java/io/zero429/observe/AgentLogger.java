package io.zero429.observe;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The agent's own slf4j logger: one line per event on standard error, prefixed {@code [zero429]}. slf4j is
 * relocated inside the agent jar and bound to this logger, so the agent never depends on, or disturbs, the
 * application's logging.
 */
final class AgentLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Supplier<PrintStream> out;
    private final Level threshold;

    AgentLogger(String name, Level threshold, Supplier<PrintStream> out) {
        this.name = name;
        this.threshold = threshold;
        this.out = out;
    }

    private boolean enabled(Level level) {
        // slf4j levels: ERROR has the lowest int, TRACE the highest.
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        StringBuilder line = new StringBuilder(96).append("[zero429] ").append(level).append(' ');
        line.append(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            line.append(" (").append(throwable).append(')');
        }
        PrintStream stream = out.get();
        stream.println(line);
        if (throwable != null && isDebugEnabled()) {
            throwable.printStackTrace(stream);
        }
    }
}
