package io.zero429.rules;

import io.zero429.limit.AdjusterSpec;
import io.zero429.limit.BreakerSpec;
import io.zero429.limit.LimiterSpec;
import io.zero429.signal.Listening;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns settings (from a file and overrides) into a validated {@link RulesConfig}, or a {@link RulesException}
 * listing every problem with its {@code FILE:LINE:}. It never throws anything else.
 */
public final class RulesParser {
    private final String description;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final Map<String, Setting> top = new LinkedHashMap<>();
    private final Map<String, Setting> defaults = new LinkedHashMap<>();
    private final Map<String, Map<String, Setting>> limiterDrafts = new LinkedHashMap<>();
    private final Map<String, Map<String, Setting>> ruleDrafts = new LinkedHashMap<>();
    private final Map<String, Listening> listening = new LinkedHashMap<>();
    /** Limiters with a store (their schedule shared between processes). */
    private final Set<String> stored = new java.util.HashSet<>();
    /** Limiters whose store is a Redis server (a rule names at most one of them). */
    private final Set<String> storedRemotely = new java.util.HashSet<>();
    private PresetExpansion presets;

    private RulesParser(String description) {
        this.description = description;
    }

    /** Parses the text of a rules file. */
    public static RulesConfig parse(String fileName, String text) throws RulesException {
        return parse(fileName, RulesFile.settings(fileName, text));
    }

    /** Parses settings already read (the file's, with overrides merged in). */
    public static RulesConfig parse(String description, RulesFile.Read read) throws RulesException {
        RulesParser parser = new RulesParser(description);
        try {
            parser.presets = PresetExpansion.expand(read);
            parser.problems.addAll(parser.presets.problems());
            return parser.build(parser.presets.settings());
        } catch (RuntimeException bug) {
            // The parser must answer with its own error whatever the input; a bug still gets a line.
            parser.problems.add(new Problem(description, 0, "internal error while reading the rules (" + bug
                    + "); please report it", null));
            throw new RulesException(parser.problems);
        }
    }

    private RulesConfig build(List<Setting> settings) throws RulesException {
        sortIntoDrafts(settings);
        List<LimiterSpec> limiters = buildLimiters();
        Set<String> limiterNames = new LinkedHashSet<>(limiterDrafts.keySet());
        List<Rule> rules = buildRules(limiterNames);
        reportUnreachable(rules);
        reportUnused(limiters, rules);
        boolean enabled = value(top.get("enabled"), true, v -> Values.onOff(v));
        AgentMode mode = value(top.get("mode"), AgentMode.ENFORCE, RulesParser::agentMode);
        if (!problems.isEmpty()) {
            throw new RulesException(problems);
        }
        return new RulesConfig(description, enabled, mode, limiters, rules, warnings, listening, presets.presets());
    }

    private static AgentMode agentMode(String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "enforce":
                return AgentMode.ENFORCE;
            case "observe":
                return AgentMode.OBSERVE;
            default:
                throw new IllegalArgumentException("bad mode '" + Text.shorten(text) + "': expected enforce or observe");
        }
    }

    private void sortIntoDrafts(List<Setting> settings) {
        List<Setting> unknown = new ArrayList<>();
        for (Setting setting : settings) {
            RuleKeys.Parsed key = RuleKeys.parse(setting.key());
            if (key == null) {
                unknown.add(setting);
            } else if (key.section.equals("top")) {
                top.put(key.property, setting);
            } else if (key.section.equals("defaults")) {
                defaults.put(key.property, setting);
            } else if (key.section.equals("limiter")) {
                limiterDrafts.computeIfAbsent(key.name, n -> new LinkedHashMap<>()).put(key.property, setting);
            } else {
                ruleDrafts.computeIfAbsent(key.name, n -> new LinkedHashMap<>()).put(key.property, setting);
            }
        }
        Set<String> known = RuleKeys.allKeys(limiterDrafts.keySet(), ruleDrafts.keySet());
        for (Setting setting : unknown) {
            problems.add(setting.problem(unknownKeyMessage(setting.key()), Suggestions.closest(setting.key(), known)));
        }
    }

    private static String unknownKeyMessage(String key) {
        if (key.startsWith(RuleKeys.DEFAULTS + RuleKeys.LIMITS)) {
            return "limits cannot have a default: give each limiter its own limiter.NAME.limits";
        }
        String name = RuleKeys.guessName(key);
        if (name != null && !name.isEmpty() && !RuleKeys.isValidName(name)) {
            return "bad name '" + Text.shorten(name) + "' in key '" + Text.shorten(key)
                    + "': names are letters, digits, '-' and '_'";
        }
        return "unknown key '" + Text.shorten(key) + "'";
    }

    private List<LimiterSpec> buildLimiters() {
        List<LimiterSpec> specs = new ArrayList<>();
        for (Map.Entry<String, Map<String, Setting>> draft : ordered("limiter", limiterDrafts)) {
            LimiterSpec spec = buildLimiter(draft.getKey(), draft.getValue());
            if (spec != null) {
                specs.add(spec);
            }
        }
        return specs;
    }

    private LimiterSpec buildLimiter(String name, Map<String, Setting> own) {
        Setting limits = own.get(RuleKeys.LIMITS);
        if (limits == null) {
            Setting first = own.values().iterator().next();
            problems.add(first.problem("limiter '" + name + "' has no limits", "limiter." + name + ".limits"));
            return null;
        }
        LimiterSpec.Builder builder = LimiterSpec.builder(name);
        int before = problems.size();
        apply(limits, v -> builder.limits(Values.limits(v)));
        apply(effective(own, "mode"), v -> builder.mode(Values.limitMode(v)));
        apply(effective(own, "max-wait"), v -> builder.maxWaitNanos(Values.duration(v)));
        apply(effective(own, "margin"), v -> builder.marginBasisPoints(Values.percentBasisPoints(v)));
        apply(effective(own, "jitter"), v -> {
            long[] range = Values.jitter(v);
            builder.jitter(range[0], range[1]);
        });
        AdjusterSpec[] adjuster = {AdjusterSpec.DEFAULT};
        apply(effective(own, "adjust"), v -> adjuster[0] = adjuster[0].withEnabled(Values.onOff(v)));
        apply(effective(own, "adjust.threshold"),
            v -> adjuster[0] = adjuster[0].withThreshold(Values.positiveInt(v, "adjust.threshold")));
        apply(effective(own, "adjust.window"), v -> adjuster[0] = adjuster[0].withSignalWindow(Values.duration(v)));
        apply(effective(own, "adjust.factor"),
            v -> adjuster[0] = adjuster[0].withFactor(Values.ratio(v, "adjust.factor")));
        apply(effective(own, "adjust.floor"),
            v -> adjuster[0] = adjuster[0].withFloor(Values.ratio(v, "adjust.floor")));
        apply(effective(own, "adjust.quiet"), v -> adjuster[0] = adjuster[0].withQuiet(Values.duration(v)));
        apply(effective(own, "adjust.step"),
            v -> adjuster[0] = adjuster[0].withStep(Values.fraction(v, "adjust.step")));
        apply(effective(own, "adjust.interval"),
            v -> adjuster[0] = adjuster[0].withStepInterval(Values.duration(v)));
        builder.adjuster(adjuster[0]);
        Listening[] heard = {Listening.DEFAULT};
        apply(effective(own, "signals"), v -> heard[0] = heard[0].withSignals(Values.signals(v)));
        apply(effective(own, "ban-status"), v -> heard[0] = heard[0].withBanStatuses(Values.statuses(v, "ban-status")));
        apply(effective(own, "ban-pause"), v -> heard[0] = heard[0].withBanPauseNanos(Values.duration(v)));
        listening.put(name, heard[0]);
        BreakerSpec[] breaker = {BreakerSpec.DEFAULT};
        apply(effective(own, "breaker"), v -> breaker[0] = breaker[0].withEnabled(Values.onOff(v)));
        apply(effective(own, "breaker.failures"),
            v -> breaker[0] = breaker[0].withFailures(Values.positiveInt(v, "breaker.failures")));
        apply(effective(own, "breaker.open"), v -> breaker[0] = breaker[0].withOpenNanos(Values.duration(v)));
        apply(effective(own, "breaker.successes"),
            v -> breaker[0] = breaker[0].withSuccesses(Values.positiveInt(v, "breaker.successes")));
        apply(effective(own, "breaker.5xx"), v -> breaker[0] = breaker[0].withServerErrorsFail(Values.onOff(v)));
        apply(effective(own, "breaker.connection-failures"),
            v -> breaker[0] = breaker[0].withConnectionFailuresFail(Values.onOff(v)));
        builder.breaker(breaker[0]);
        apply(effective(own, "concurrency"), v -> builder.concurrency(Values.positiveInt(v, "concurrency")));
        apply(effective(own, "store"), v -> {
            builder.storeFile(Values.storeFile(v));
            String redis = Values.storeRedis(v);
            builder.storeRedis(redis);
            stored.add(name);
            if (redis != null) {
                storedRemotely.add(name);
            }
        });
        apply(effective(own, "store.timeout"), v -> builder.storeTimeoutNanos(Values.duration(v)));
        apply(effective(own, "store.fallback-share"), v -> builder.storeFallbackSharePpm(Values.sharePpm(v)));
        if (problems.size() > before) {
            return null;
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            problems.add(limits.problem("limiter '" + name + "': " + e.getMessage()));
            return null;
        }
    }

    /** The limiter's own setting, else the {@code defaults.} one, else null (the built-in default). */
    private Setting effective(Map<String, Setting> own, String property) {
        Setting setting = own.get(property);
        return setting != null ? setting : defaults.get(property);
    }

    private interface Applier {
        void accept(String value);
    }

    private void apply(Setting setting, Applier applier) {
        if (setting == null) {
            return;
        }
        try {
            applier.accept(setting.value());
        } catch (IllegalArgumentException e) {
            problems.add(setting.problem(e.getMessage()));
        }
    }

    private interface Conversion<T> {
        T convert(String value);
    }

    private <T> T value(Setting setting, T fallback, Conversion<T> conversion) {
        if (setting == null) {
            return fallback;
        }
        try {
            return conversion.convert(setting.value());
        } catch (IllegalArgumentException e) {
            problems.add(setting.problem(e.getMessage()));
            return fallback;
        }
    }

    private List<Rule> buildRules(Set<String> limiterNames) {
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, Map<String, Setting>> draft : ordered("rule", ruleDrafts)) {
            Rule rule = buildRule(draft.getKey(), draft.getValue(), limiterNames);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private Rule buildRule(String name, Map<String, Setting> own, Set<String> limiterNames) {
        Setting match = own.get("match");
        Setting limiter = own.get("limiter");
        Setting first = own.values().iterator().next();
        if (match == null) {
            problems.add(first.problem("rule '" + name + "' has no match", "rule." + name + ".match"));
        }
        if (limiter == null) {
            problems.add(first.problem("rule '" + name + "' names no limiter", "rule." + name + ".limiter"));
        }
        if (match == null || limiter == null) {
            return null;
        }
        int before = problems.size();
        List<RequestPattern> patterns = new ArrayList<>();
        for (String text : match.value().split(",", -1)) {
            try {
                patterns.add(RequestPattern.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(match.problem(e.getMessage()));
            }
        }
        List<LimiterRef> refs = limiterRefs(limiter, limiterNames);
        PartitionKey key = value(own.get("key"), null, PartitionKey::parse);
        if (key != null) {
            for (LimiterRef ref : refs) {
                if (stored.contains(ref.name()) && !storedRemotely.contains(ref.name())) {
                    problems.add(own.get("key").problem("rule '" + name + "' is partitioned (key), and limiter '"
                            + ref.name() + "' has a file store: partitions are shared through a Redis store only"));
                } else if (storedRemotely.contains(ref.name()) && !PartitionKey.deploymentWide()) {
                    problems.add(own.get("key").problem("rule '" + name + "' is partitioned (key), and limiter '"
                            + ref.name() + "' has a Redis store: set " + PartitionKey.SECRET_ENV + " (or -D"
                            + PartitionKey.SECRET_PROPERTY + "), the same in every process, so that each partition's "
                            + "schedule is one in the store (the values are hashed with it, never stored in clear)"));
                }
            }
        }
        long remote = refs.stream().map(LimiterRef::name).distinct().filter(storedRemotely::contains).count();
        if (remote > 1) {
            problems.add(limiter.problem("rule '" + name + "' names " + remote + " limiters with a Redis store: a "
                    + "request waits for one at most (give the limits to one limiter, or keep the others local)"));
        }
        if (problems.size() > before) {
            return null;
        }
        Setting start = earliest(own);
        return new Rule(name, start.source(), start.line(), patterns, refs, key);
    }

    private List<LimiterRef> limiterRefs(Setting setting, Set<String> limiterNames) {
        List<LimiterRef> refs = new ArrayList<>();
        for (String part : setting.value().split(",", -1)) {
            String text = part.trim();
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).trim();
            long cost = 1;
            if (colon >= 0) {
                try {
                    cost = Values.positiveLong(text.substring(colon + 1), "cost of '" + Text.shorten(name) + "'");
                } catch (IllegalArgumentException e) {
                    problems.add(setting.problem(e.getMessage()));
                    continue;
                }
            }
            if (name.isEmpty()) {
                problems.add(setting.problem("empty limiter name in '" + Text.shorten(setting.value())
                        + "': expected NAME[:COST], ..."));
            } else if (!limiterNames.contains(name)) {
                problems.add(setting.problem("unknown limiter '" + Text.shorten(name) + "'",
                        Suggestions.closest(name, limiterNames)));
            } else {
                refs.add(new LimiterRef(name, cost));
            }
        }
        return refs;
    }

    /**
     * A rule whose every pattern an earlier rule already covers can never match: almost always a mistake. Except
     * a preset's rule behind one of the file's own: the file replaced it on purpose (a preset rule cannot be
     * deleted), which is worth a warning only.
     */
    private void reportUnreachable(List<Rule> rules) {
        for (int later = 1; later < rules.size(); later++) {
            Rule rule = rules.get(later);
            for (int earlier = 0; earlier < later; earlier++) {
                Rule cover = rules.get(earlier);
                if (coversAll(cover, rule)) {
                    Setting match = ruleDrafts.get(rule.name()).get("match");
                    boolean replaced = presets.position("rule", rule.name()) >= 0
                            && presets.position("rule", cover.name()) < 0;
                    String whatHappens = "rule '" + rule.name() + "' can never match: rule '" + cover.name() + "'"
                            + place(cover, match) + " comes first and matches all of its requests";
                    if (replaced) {
                        warnings.add(match.problem(whatHappens + " (the file's own rules come before the presets')"));
                    } else {
                        problems.add(match.problem(whatHappens
                                + "; rules are tried in file order, so put the narrower rule first"));
                    }
                    break;
                }
            }
        }
    }

    /** Where {@code rule} is, said from {@code here}: {@code (line 3)} in the same file, else its file too. */
    private static String place(Rule rule, Setting here) {
        if (rule.line() == 0) {
            return " (" + rule.source() + ")";
        }
        return rule.source().equals(here.source()) ? " (line " + rule.line() + ")" : " (" + rule.where() + ")";
    }

    private static boolean coversAll(Rule earlier, Rule later) {
        for (RequestPattern pattern : later.patterns()) {
            boolean covered = false;
            for (RequestPattern wider : earlier.patterns()) {
                covered |= pattern.isCoveredBy(wider);
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    private void reportUnused(List<LimiterSpec> limiters, List<Rule> rules) {
        Set<String> used = new LinkedHashSet<>();
        for (Rule rule : rules) {
            for (LimiterRef ref : rule.limiters()) {
                used.add(ref.name());
            }
        }
        for (LimiterSpec spec : limiters) {
            if (!used.contains(spec.name())) {
                Setting limits = limiterDrafts.get(spec.name()).get(RuleKeys.LIMITS);
                warnings.add(limits.problem("limiter '" + spec.name() + "' is not used by any rule"));
            }
        }
    }

    /**
     * Drafts in the order they are tried: the file's own first, by their first line (drafts only from overrides,
     * line 0, after them), then those a preset defines, in the presets' order, wherever their keys were overridden.
     */
    private List<Map.Entry<String, Map<String, Setting>>> ordered(String section,
            Map<String, Map<String, Setting>> drafts) {
        List<Map.Entry<String, Map<String, Setting>>> ordered = new ArrayList<>(drafts.entrySet());
        ordered.sort(Comparator.<Map.Entry<String, Map<String, Setting>>>comparingInt(
                e -> presets.position(section, e.getKey()))
                .thenComparingInt(e -> firstLine(e.getValue())));
        return ordered;
    }

    private static int firstLine(Map<String, Setting> draft) {
        int first = Integer.MAX_VALUE;
        for (Setting s : draft.values()) {
            if (s.line() > 0) {
                first = Math.min(first, s.line());
            }
        }
        return first;
    }

    /**
     * The setting a draft starts with: its first line in a file, else (overrides only) any. A preset's definition
     * starts in the preset, even where the file overrides some of its keys.
     */
    private static Setting earliest(Map<String, Setting> draft) {
        boolean fromPreset = draft.values().stream().anyMatch(s -> Presets.isPresetSource(s.source()));
        Setting earliest = null;
        for (Setting s : draft.values()) {
            if (fromPreset && !Presets.isPresetSource(s.source())) {
                continue;
            }
            if (earliest == null || s.line() > 0 && (earliest.line() == 0 || s.line() < earliest.line())) {
                earliest = s;
            }
        }
        return earliest;
    }
}
