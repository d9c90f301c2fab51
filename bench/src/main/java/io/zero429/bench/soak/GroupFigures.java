package io.zero429.bench.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rate-limit group as the mock exchange counts it ({@code GET /__zero429/stats}): requests, accepted, limited
 * (429, or the API's own over-limit answer: KIS's EGW00201, Gemini's RESOURCE_EXHAUSTED), refused while banned
 * (418), and the accepted rate it sustained against the rate it allows.
 */
record GroupFigures(String name, String limit, double allowedPerSecond, long requests, long ok, long okWeight,
        long limited, long banned, long peakInWindow, String peakWindow, double sustainedRate) {

    private static final Pattern GROUP = Pattern.compile("\\{(\"api\"[^{}]*)\\}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.eE]+)");

    /** Every group of one stats answer (flat objects inside {@code "groups":[...]}), in the exchange's order. */
    static List<GroupFigures> parse(String statsJson) {
        List<GroupFigures> groups = new ArrayList<>();
        Matcher group = GROUP.matcher(statsJson);
        while (group.find()) {
            Map<String, String> fields = new HashMap<>();
            Matcher field = FIELD.matcher(group.group(1));
            while (field.find()) {
                fields.put(field.group(1), field.group(2).replace("\"", ""));
            }
            groups.add(new GroupFigures(fields.get("api") + " " + fields.get("group"), fields.get("limit"),
                    number(fields, "allowedPerSecond"), count(fields, "requests"), count(fields, "ok"),
                    count(fields, "okWeight"), count(fields, "limited"), count(fields, "banned"),
                    count(fields, "peakInWindow"), fields.get("peakWindow"), number(fields, "sustainedRate")));
        }
        if (groups.isEmpty()) {
            throw new IllegalStateException("no groups in the exchange's statistics: " + statsJson);
        }
        return groups;
    }

    private static double number(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("the exchange's statistics have no " + name + ": " + fields);
        }
        return Double.parseDouble(value);
    }

    private static long count(Map<String, String> fields, String name) {
        return (long) number(fields, name);
    }

    /** Limited or refused while banned: what the agent exists to prevent. */
    long refused() {
        return limited + banned;
    }

    /** The sustained accepted rate as a share of the allowed one, or NaN when the group accepted too little to tell. */
    double shareOfAllowed() {
        return sustainedRate > 0 ? sustainedRate / allowedPerSecond : Double.NaN;
    }
}
