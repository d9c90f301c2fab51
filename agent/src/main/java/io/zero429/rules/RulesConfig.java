package io.zero429.rules;

import io.zero429.limit.LimiterSpec;
import io.zero429.signal.Listening;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A parsed, validated rules configuration. Immutable. */
public final class RulesConfig {
    private final String source;
    private final boolean enabled;
    private final AgentMode mode;
    private final List<LimiterSpec> limiters;
    private final Rule[] rules;
    private final List<Problem> warnings;
    private final Map<String, Listening> listening;
    private final List<String> presets;

    RulesConfig(String source, boolean enabled, AgentMode mode, List<LimiterSpec> limiters, List<Rule> rules,
            List<Problem> warnings, Map<String, Listening> listening, List<String> presets) {
        this.listening = Map.copyOf(listening);
        this.presets = List.copyOf(presets);
        this.source = source;
        this.enabled = enabled;
        this.mode = mode;
        this.limiters = Collections.unmodifiableList(limiters);
        this.rules = rules.toArray(new Rule[0]);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** Where the rules came from: a file, or a description of the overrides. */
    public String source() {
        return source;
    }

    public boolean enabled() {
        return enabled;
    }

    public AgentMode mode() {
        return mode;
    }

    /** The presets the rules use ({@code preset = ...}), in the order named. */
    public List<String> presets() {
        return presets;
    }

    /** Limiter definitions in file order (the file's own, then the presets'). */
    public List<LimiterSpec> limiters() {
        return limiters;
    }

    /** What the limiter named {@code limiter} listens to in responses ({@link Listening#DEFAULT} unless configured). */
    public Listening listening(String limiter) {
        return listening.getOrDefault(limiter, Listening.DEFAULT);
    }

    /** Rules in the order they are tried. */
    public List<Rule> rules() {
        return List.of(rules);
    }

    /** Things that are probably mistakes but do not stop the agent (a limiter no rule uses). */
    public List<Problem> warnings() {
        return warnings;
    }

    /**
     * The first rule matching the request, or null. Hosts match case-insensitively; the path may carry a query
     * string, which is ignored.
     *
     * @param port the request's port, or -1 if unknown
     */
    public Rule match(String method, String host, int port, String path) {
        for (Rule rule : rules) {
            if (rule.matches(method, host, port, path)) {
                return rule;
            }
        }
        return null;
    }

    /** {@link #match(String, String, int, String)} for a URI, with the scheme's default port. */
    public Rule match(String method, URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return null;
        }
        int port = uri.getPort();
        if (port < 0) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return match(method, host, port, path);
    }
}
