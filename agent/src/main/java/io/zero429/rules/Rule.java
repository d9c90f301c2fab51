package io.zero429.rules;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A rule: which requests ({@link RequestPattern}s) go through which limiters, and how they are partitioned. */
public final class Rule {
    private final String name;
    private final String source;
    private final int line;
    private final List<RequestPattern> patterns;
    private final List<LimiterRef> limiters;
    private final PartitionKey key;

    Rule(String name, String source, int line, List<RequestPattern> patterns, List<LimiterRef> limiters,
            PartitionKey key) {
        this.name = name;
        this.source = source;
        this.line = line;
        this.patterns = Collections.unmodifiableList(patterns);
        this.limiters = Collections.unmodifiableList(limiters);
        this.key = key;
    }

    public String name() {
        return name;
    }

    /** Where the rule starts in its file (0 if it comes only from overrides). */
    public int line() {
        return line;
    }

    /** The file, preset ({@code preset upbit}) or override the rule starts in. */
    public String source() {
        return source;
    }

    /** {@code rules.properties:12}, {@code preset upbit:40}, or the override that defines the rule. */
    public String where() {
        return line > 0 ? source + ":" + line : source;
    }

    public List<RequestPattern> patterns() {
        return patterns;
    }

    public List<LimiterRef> limiters() {
        return limiters;
    }

    /** The partition key, or null when every request shares the limiters. */
    public PartitionKey key() {
        return key;
    }

    /** @param port the request's port, or -1 if unknown */
    public boolean matches(String method, String host, int port, String path) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(method, host, port, path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + ": " + patterns.stream().map(RequestPattern::toString).collect(Collectors.joining(", "))
                + " -> " + limiters.stream().map(LimiterRef::toString).collect(Collectors.joining(", "))
                + (key == null ? "" : " per " + key);
    }
}
