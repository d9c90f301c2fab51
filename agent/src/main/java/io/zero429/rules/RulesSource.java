package io.zero429.rules;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the agent's configuration comes from: the rules file named by {@code -Dzero429.rules} or the agent
 * argument {@code rules=}, overridden key by key by {@code -Dzero429.<key>} system properties, overridden in turn
 * by agent arguments ({@code -javaagent:zero429-agent.jar=rules=PATH,mode=observe}). All inputs are passed in, so
 * the precedence is testable without touching global state.
 */
public final class RulesSource {
    public static final String PREFIX = "zero429.";
    public static final String RULES = "rules";

    /** Agent flags that are not rules-file keys. */
    static final Set<String> AGENT_FLAGS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(RULES,
            "log.level", "on-bad-rules", "metrics.port", "metrics.host", "stats.file", "summary.interval",
            "reload.interval", "inject-faults")));

    /** Secrets the agent reads as system properties of their own (never rules keys, never shown). */
    static final Set<String> SECRET_PROPERTIES = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "redis.password", "partition.secret")));

    /** A comma followed by {@code key=} starts a new argument; any other comma belongs to the value. */
    private static final Pattern ARGUMENT_SEPARATOR = Pattern.compile(",(?=\\s*[A-Za-z0-9_.-]+\\s*=)");

    private final Map<String, String> systemProperties;
    private final Map<String, String> agentArguments;

    public RulesSource(Map<String, String> systemProperties, String agentArgs) {
        this.systemProperties = systemProperties;
        this.agentArguments = parseAgentArguments(agentArgs);
    }

    /** From the running JVM's system properties. */
    public static RulesSource fromSystem(String agentArgs) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                props.put(name, System.getProperty(name));
            }
        }
        return new RulesSource(props, agentArgs);
    }

    static Map<String, String> parseAgentArguments(String args) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return parsed;
        }
        for (String part : ARGUMENT_SEPARATOR.split(args)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                parsed.put(part.trim(), "");
            } else {
                parsed.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return parsed;
    }

    /** An agent flag (not a rules key): the agent argument, else the system property, else null. */
    public String flag(String name) {
        String fromArgs = agentArguments.get(name);
        return fromArgs != null ? fromArgs : systemProperties.get(PREFIX + name);
    }

    /**
     * A duration flag ({@code 2s}, {@code 500ms}) in nanoseconds, or {@code fallback} when absent.
     *
     * @throws IllegalArgumentException naming the flag, when its value is not a duration
     */
    public long durationFlag(String name, long fallback) {
        String value = flag(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Values.duration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PREFIX + name + ": " + e.getMessage(), e);
        }
    }

    /** The rules file, or null when none was given. */
    public Path rulesFile() {
        String path = flag(RULES);
        return path == null || path.trim().isEmpty() ? null : Paths.get(path.trim());
    }

    /** True when no rules file and no rules key was given at all: the agent has nothing to do. */
    public boolean isEmpty() {
        return rulesFile() == null && overrides().isEmpty();
    }

    /** Rules keys given as system properties and agent arguments, agent arguments last (they win). */
    public List<Setting> overrides() {
        List<Setting> overrides = new ArrayList<>();
        for (Map.Entry<String, String> e : systemProperties.entrySet()) {
            String key = e.getKey().substring(PREFIX.length());
            if (e.getKey().startsWith(PREFIX) && !AGENT_FLAGS.contains(key) && !SECRET_PROPERTIES.contains(key)) {
                overrides.add(new Setting(key, e.getValue().trim(), "-D" + e.getKey(), 0));
            }
        }
        for (Map.Entry<String, String> e : agentArguments.entrySet()) {
            if (!AGENT_FLAGS.contains(e.getKey())) {
                overrides.add(new Setting(e.getKey(), e.getValue(), "agent argument " + e.getKey(), 0));
            }
        }
        return overrides;
    }

    /** Reads the file (if any), applies the overrides and validates the result. */
    public RulesConfig load() throws RulesException {
        Path file = rulesFile();
        RulesFile.Read read = file == null ? RulesFile.settings("(no rules file)", "") : RulesFile.read(file);
        String description = file == null ? "overrides" : file.toString();
        return RulesParser.parse(description, read.with(overrides()));
    }
}
