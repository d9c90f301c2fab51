package io.zero429.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code preset = upbit, kis}: lays the named presets' settings beneath the file's own (after overrides). Key by key,
 * what the file or an override sets wins; a preset only fills in the keys nobody set. The expansion also remembers
 * where each preset limiter and rule stood, because rule order matters: the file's own rules are tried first (so a
 * user can carve exceptions out of a preset), then each preset's rules in the preset's order, presets in the order
 * named.
 */
final class PresetExpansion {
    static final String KEY = "preset";

    private final List<Setting> settings;
    private final List<Problem> problems;
    private final List<String> presets;
    /** {@code limiter.NAME} / {@code rule.NAME} of every preset definition, with its position across the presets. */
    private final Map<String, Integer> positions;

    private PresetExpansion(List<Setting> settings, List<Problem> problems, List<String> presets,
            Map<String, Integer> positions) {
        this.settings = settings;
        this.problems = problems;
        this.presets = presets;
        this.positions = positions;
    }

    /** The settings read (own ones, overrides merged in), with the presets they name laid beneath. */
    static PresetExpansion expand(RulesFile.Read read) {
        List<Problem> problems = new ArrayList<>(read.problems());
        Setting preset = null;
        Set<String> ownKeys = new LinkedHashSet<>();
        for (Setting s : read.settings()) {
            ownKeys.add(s.key());
            if (s.key().equals(KEY)) {
                preset = s;
            }
        }
        List<Setting> merged = new ArrayList<>(read.settings());
        List<String> names = preset == null ? Collections.emptyList() : names(preset, problems);
        Map<String, Integer> positions = new HashMap<>();
        Map<String, Setting> fromPresets = new LinkedHashMap<>();
        for (String name : names) {
            RulesFile.Read presetRead = Presets.read(name);
            problems.addAll(presetRead.problems());
            for (Setting s : presetRead.settings()) {
                RuleKeys.Parsed key = RuleKeys.parse(s.key());
                if (key == null || key.name == null) {
                    // A preset defining defaults or top-level keys would change the user's own limiters.
                    problems.add(s.problem("a preset may only define limiter.NAME.* and rule.NAME.* keys, not '"
                            + Text.shorten(s.key()) + "'"));
                    continue;
                }
                positions.putIfAbsent(key.section + "." + key.name, positions.size());
                if (!ownKeys.contains(s.key()) && fromPresets.putIfAbsent(s.key(), s) != null) {
                    problems.add(s.problem("'" + s.key() + "' is also defined by "
                            + fromPresets.get(s.key()).source() + "; presets combined must not share names"));
                }
            }
        }
        merged.addAll(fromPresets.values());
        return new PresetExpansion(merged, problems, names, positions);
    }

    /** The preset names of {@code preset = a, b}; empty means none (so an override {@code preset=} drops them). */
    private static List<String> names(Setting preset, List<Problem> problems) {
        List<String> names = new ArrayList<>();
        for (String part : preset.value().split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!Presets.exists(name)) {
                String suggestion = Suggestions.closest(name, Presets.NAMES);
                problems.add(suggestion == null
                        ? preset.problem("unknown preset '" + Text.shorten(name) + "' (known: "
                                + String.join(", ", Presets.NAMES) + ")")
                        : preset.problem("unknown preset '" + Text.shorten(name) + "'", "'" + suggestion + "'"));
            } else if (names.contains(name)) {
                problems.add(preset.problem("preset '" + name + "' is named twice"));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    List<Setting> settings() {
        return settings;
    }

    List<Problem> problems() {
        return problems;
    }

    /** The presets expanded, in the order named. */
    List<String> presets() {
        return presets;
    }

    /**
     * Where a limiter or rule stands among the presets' definitions ({@code section} is {@code limiter} or
     * {@code rule}), or -1 if no preset defines it.
     */
    int position(String section, String name) {
        Integer position = positions.get(section + "." + name);
        return position == null ? -1 : position;
    }
}
