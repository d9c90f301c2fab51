package io.zero429.observe;

import java.time.Instant;
import java.util.List;

/**
 * Every limiter's and rule's figures as one JSON document (the stats file written at exit). Names are the only
 * strings taken from the configuration; they are escaped as JSON requires.
 */
public final class StatsJson {
    private final StringBuilder out = new StringBuilder(4096);

    private StatsJson() {
    }

    public static String render(Statistics statistics, Instant at) {
        return render(statistics.limiters(), statistics.rules(), at);
    }

    static String render(List<FlowFigures> limiters, List<FlowFigures> rules, Instant at) {
        StatsJson json = new StatsJson();
        json.out.append("{\n  \"written\": ").append(quote(at.toString())).append(",\n  \"limiters\": [");
        json.flows(limiters);
        json.out.append("],\n  \"rules\": [");
        json.flows(rules);
        json.out.append("]\n}\n");
        return json.out.toString();
    }

    private void flows(List<FlowFigures> flows) {
        for (int i = 0; i < flows.size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ");
            flow(flows.get(i));
        }
        if (!flows.isEmpty()) {
            out.append("\n  ");
        }
    }

    private void flow(FlowFigures f) {
        WaitHistogram.Snapshot w = f.waits();
        out.append("{\"name\": ").append(quote(f.name()));
        field("requests", f.requests());
        field("delayed", f.delayed());
        field("refused", f.refused());
        field("limited_responses", f.limitedResponses());
        field("observed_delays", f.wouldHaveWaited());
        field("in_flight", f.inFlight());
        out.append(", \"wait_seconds\": {\"total\": ").append(seconds(w.sumNanos()))
                .append(", \"p50\": ").append(seconds(w.quantileNanos(0.50)))
                .append(", \"p95\": ").append(seconds(w.quantileNanos(0.95)))
                .append(", \"p99\": ").append(seconds(w.quantileNanos(0.99)))
                .append(", \"max\": ").append(seconds(w.maxNanos())).append('}');
        out.append(", \"signals\": {");
        SignalType[] types = SignalType.values();
        for (int i = 0; i < types.length; i++) {
            out.append(i == 0 ? "" : ", ").append(quote(types[i].label())).append(": ").append(f.signals(types[i]));
        }
        out.append('}');
        if (f.gauges() != null) {
            out.append(", \"rate_ratio\": ").append(PrometheusText.number(f.gauges().rateRatio()));
            out.append(", \"paused_seconds\": ").append(seconds(f.gauges().pausedNanos()));
            out.append(", \"breaker\": \"").append(f.gauges().breakerState()).append("\", \"breaker_openings\": ")
                    .append(f.gauges().breakerOpenings());
            LastSignal last = f.lastSignal();
            out.append(", \"last_signal\": ");
            if (last == null) {
                out.append("null");
            } else {
                out.append("{\"kind\": ").append(quote(last.type().label())).append(", \"status\": ")
                        .append(last.status()).append(", \"at\": ")
                        .append(quote(Instant.ofEpochMilli(last.epochMillis()).toString())).append('}');
            }
        }
        out.append('}');
    }

    private void field(String name, long value) {
        out.append(", ").append(quote(name)).append(": ").append(value);
    }

    private static String seconds(long nanos) {
        return PrometheusText.number(nanos / 1e9);
    }

    /** A JSON string literal: quote, backslash and control characters escaped. */
    static String quote(String text) {
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
