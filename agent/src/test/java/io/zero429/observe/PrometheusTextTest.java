package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exposition parses as Prometheus text 0.0.4 and says what happened. */
class PrometheusTextTest {
    /** name{labels} value: label values are quoted with \\, \" and \n escaped. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\} "
                    + "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|[+-]Inf)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Every sample, keyed by name and labels as written; checks each line's syntax and HELP/TYPE order. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                assertTrue(helped.add(line.split(" ")[2]), "one HELP per family: " + line);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertTrue(Set.of("counter", "gauge", "histogram").contains(parts[3]), line);
                assertEquals(null, types.put(parts[2], parts[3]), "one TYPE per family: " + line);
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "not a sample line: " + line);
                String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
                assertTrue(types.containsKey(family) || types.containsKey(m.group(1)), "sample before its TYPE: " + line);
                if ("counter".equals(types.get(m.group(1)))) {
                    assertTrue(m.group(1).endsWith("_total"), "counters end in _total: " + line);
                }
                samples.put(m.group(1) + "{" + m.group(2) + "}", Double.valueOf(m.group(3).replace("Inf", "Infinity")));
            }
        }
        return samples;
    }

    @Test
    void redisStoresAndTheLocalShare() throws Exception {
        WaitHistogram trips = new WaitHistogram();
        trips.record(TimeUnit.MICROSECONDS.toNanos(70));
        trips.record(TimeUnit.MILLISECONDS.toNanos(3));
        ObservedEngine observed = new ObservedEngine().request("ticker", 0, 200);
        Map<String, Double> m = parse(PrometheusText.render(observed.statistics().limiters(),
                observed.statistics().rules(), java.util.List.of(
                        new StoreFigures("10.0.0.5:6379", false, 4, 7, trips.snapshot()))));
        assertEquals(0.0, m.get("zero429_store_available{store=\"10.0.0.5:6379\"}"));
        assertEquals(4.0, m.get("zero429_store_processes{store=\"10.0.0.5:6379\"}"));
        assertEquals(7.0, m.get("zero429_store_errors_total{store=\"10.0.0.5:6379\"}"));
        assertEquals(1.0, m.get("zero429_store_round_trip_seconds_bucket{store=\"10.0.0.5:6379\",le=\"0.0001\"}"));
        assertEquals(2.0, m.get("zero429_store_round_trip_seconds_bucket{store=\"10.0.0.5:6379\",le=\"0.005\"}"));
        assertEquals(2.0, m.get("zero429_store_round_trip_seconds_count{store=\"10.0.0.5:6379\"}"));
        assertEquals(0.0, m.get("zero429_store_local_share{limiter=\"market\"}"), "no store: never on a share");
        assertFalse(PrometheusText.render(observed.statistics().limiters(), observed.statistics().rules())
                .contains("zero429_store_available"), "no store families without stores");
    }

    @Test
    void limiterAndRuleFiguresWithAWaitHistogram() throws Exception {
        ObservedEngine observed = new ObservedEngine()
                .request("ticker", 0, 200)
                .request("ticker", TimeUnit.MILLISECONDS.toNanos(40), 200)
                .request("orders", TimeUnit.MILLISECONDS.toNanos(700), 429)
                .request("slow", 0, 418);
        Map<String, Double> m = parse(PrometheusText.render(observed.statistics()));

        assertEquals(3.0, m.get("zero429_requests_total{limiter=\"market\"}"));
        assertEquals(2.0, m.get("zero429_delayed_requests_total{limiter=\"market\"}"));
        assertEquals(1.0, m.get("zero429_limited_responses_total{limiter=\"market\"}"));
        assertEquals(1.0, m.get("zero429_signals_total{limiter=\"market\",kind=\"429\"}"));
        assertEquals(1.0, m.get("zero429_signals_total{limiter=\"account\",kind=\"ban\"}"));
        assertEquals(0.0, m.get("zero429_in_flight{limiter=\"market\"}"));
        assertTrue(m.get("zero429_rate_ratio{limiter=\"market\"}") < 1.0);
        assertEquals(1.0, m.get("zero429_rate_ratio{limiter=\"gemini\"}"));
        assertTrue(m.get("zero429_paused_seconds{limiter=\"account\"}") > 100, "the ban pauses for 2 minutes");
        assertTrue(m.get("zero429_last_signal_timestamp_seconds{limiter=\"market\"}") > 1.7e9);
        assertEquals(0.0, m.get("zero429_last_signal_timestamp_seconds{limiter=\"gemini\"}"));

        // Cumulative buckets: 1 no-wait, 40 ms in (25, 50] ms, 700 ms in (500 ms, 1 s].
        assertEquals(1.0, m.get("zero429_wait_seconds_bucket{limiter=\"market\",le=\"0.0001\"}"));
        assertEquals(1.0, m.get("zero429_wait_seconds_bucket{limiter=\"market\",le=\"0.025\"}"));
        assertEquals(2.0, m.get("zero429_wait_seconds_bucket{limiter=\"market\",le=\"0.05\"}"));
        assertEquals(2.0, m.get("zero429_wait_seconds_bucket{limiter=\"market\",le=\"0.5\"}"));
        assertEquals(3.0, m.get("zero429_wait_seconds_bucket{limiter=\"market\",le=\"1\"}"));
        assertEquals(3.0, m.get("zero429_wait_seconds_bucket{limiter=\"market\",le=\"+Inf\"}"));
        assertEquals(3.0, m.get("zero429_wait_seconds_count{limiter=\"market\"}"));
        assertEquals(0.74, m.get("zero429_wait_seconds_sum{limiter=\"market\"}"), 1e-9);
        assertEquals(0.7, m.get("zero429_wait_max_seconds{limiter=\"market\"}"), 1e-9);

        assertEquals(2.0, m.get("zero429_rule_requests_total{rule=\"ticker\"}"));
        assertEquals(1.0, m.get("zero429_rule_limited_responses_total{rule=\"orders\"}"));
        assertEquals(1.0, m.get("zero429_rule_wait_seconds_count{rule=\"orders\"}"));
        assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("zero429_rule_rate_ratio")),
                "a rule has no rate of its own");
    }

    @Test
    void labelValuesAreEscapedAndNumbersArePlain() {
        assertEquals("a\\\\b\\\"c\\nd", PrometheusText.escape("a\\b\"c\nd"));
        assertEquals("0.0001", PrometheusText.number(1e-4));
        assertEquals("60", PrometheusText.number(60.0));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
    }
}
