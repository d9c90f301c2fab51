package io.zero429.observe;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.NOPLogger;

/** Hands out {@link AgentLogger}s at the level given by {@code -Dzero429.log.level} (default INFO). */
public final class AgentLoggerFactory implements ILoggerFactory {
    public static final String LEVEL_PROPERTY = "zero429.log.level";
    /** Where the libraries the agent carries live once shaded. */
    private static final String SHADED = "io.zero429.shaded.";

    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final Level threshold;
    private final Supplier<PrintStream> out;

    public AgentLoggerFactory() {
        this(parseLevel(System.getProperty(LEVEL_PROPERTY)), () -> System.err);
    }

    AgentLoggerFactory(Level threshold, Supplier<PrintStream> out) {
        this.threshold = threshold;
        this.out = out;
    }

    /** A level name in any case; {@code off} keeps only errors; anything unknown means INFO. */
    static Level parseLevel(String value) {
        if (value == null) {
            return Level.INFO;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        if (name.equals("OFF")) {
            return Level.ERROR;
        }
        for (Level level : Level.values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        return Level.INFO;
    }

    @Override
    public Logger getLogger(String name) {
        if (name.startsWith(SHADED) && threshold.toInt() > Level.DEBUG.toInt()) {
            // The libraries the agent carries (the Redis client) say things about their own packaging, not the
            // application's: the agent logs what their failures mean itself. Heard at DEBUG.
            return NOPLogger.NOP_LOGGER;
        }
        return loggers.computeIfAbsent(name, n -> new AgentLogger(n, threshold, out));
    }
}
