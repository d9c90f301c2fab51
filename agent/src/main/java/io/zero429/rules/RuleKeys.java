package io.zero429.rules;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The keys a rules file may contain, and how a key splits into section, name and property. */
final class RuleKeys {
    static final String LIMITER = "limiter.";
    static final String RULE = "rule.";
    static final String DEFAULTS = "defaults.";
    static final String LIMITS = "limits";

    /** Limiter properties; every one but {@code limits} may also be given under {@code defaults.}. */
    static final List<String> LIMITER_PROPERTIES = Collections.unmodifiableList(Arrays.asList(LIMITS, "mode",
            "max-wait", "jitter", "margin", "adjust", "adjust.threshold", "adjust.window", "adjust.factor",
            "adjust.floor", "adjust.quiet", "adjust.step", "adjust.interval", "signals", "ban-status", "ban-pause",
            "concurrency", "breaker", "breaker.failures", "breaker.open", "breaker.successes", "breaker.5xx",
            "breaker.connection-failures", "store", "store.timeout", "store.fallback-share"));
    static final List<String> RULE_PROPERTIES = Collections.unmodifiableList(Arrays.asList("match", "limiter", "key"));
    static final List<String> TOP_LEVEL = Collections.unmodifiableList(Arrays.asList("mode", "enabled",
            PresetExpansion.KEY));

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private RuleKeys() {
    }

    /** A key taken apart: section (limiter, rule, defaults, top), name (may be null) and property. */
    static final class Parsed {
        final String section;
        final String name;
        final String property;

        Parsed(String section, String name, String property) {
            this.section = section;
            this.name = name;
            this.property = property;
        }
    }

    /** Splits a key, or returns null if it is not a key of the rules file. */
    static Parsed parse(String key) {
        if (TOP_LEVEL.contains(key)) {
            return new Parsed("top", null, key);
        }
        if (key.startsWith(DEFAULTS)) {
            String property = key.substring(DEFAULTS.length());
            return LIMITER_PROPERTIES.contains(property) && !property.equals(LIMITS)
                    ? new Parsed("defaults", null, property) : null;
        }
        if (key.startsWith(LIMITER)) {
            return named("limiter", key.substring(LIMITER.length()), LIMITER_PROPERTIES);
        }
        if (key.startsWith(RULE)) {
            return named("rule", key.substring(RULE.length()), RULE_PROPERTIES);
        }
        return null;
    }

    private static Parsed named(String section, String rest, List<String> properties) {
        String best = null;
        for (String property : properties) {
            if (rest.endsWith("." + property) && (best == null || property.length() > best.length())) {
                best = property;
            }
        }
        if (best == null) {
            return null;
        }
        String name = rest.substring(0, rest.length() - best.length() - 1);
        return NAME.matcher(name).matches() ? new Parsed(section, name, best) : null;
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The name part of a malformed key, as best it can be guessed ({@code limiter.kis.limts} gives kis). */
    static String guessName(String key) {
        for (String prefix : new String[] {LIMITER, RULE}) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                return dot < 0 ? rest : rest.substring(0, dot);
            }
        }
        return null;
    }

    /** Every valid key for the given names: what an unknown key is compared with to suggest a correction. */
    static Set<String> allKeys(Collection<String> limiterNames, Collection<String> ruleNames) {
        Set<String> keys = new LinkedHashSet<>(TOP_LEVEL);
        for (String property : LIMITER_PROPERTIES) {
            if (!property.equals(LIMITS)) {
                keys.add(DEFAULTS + property);
            }
        }
        for (String name : limiterNames) {
            for (String property : LIMITER_PROPERTIES) {
                keys.add(LIMITER + name + "." + property);
            }
        }
        for (String name : ruleNames) {
            for (String property : RULE_PROPERTIES) {
                keys.add(RULE + name + "." + property);
            }
        }
        return keys;
    }
}
