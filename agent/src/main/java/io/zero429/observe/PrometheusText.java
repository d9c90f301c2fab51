package io.zero429.observe;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures in Prometheus text exposition format 0.0.4. Limiter metrics are labelled {@code limiter}, rule
 * metrics ({@code zero429_rule_*}) {@code rule}: the only labels, and their values are names from the rules file,
 * never anything read from a request. Each family appears once, with its HELP and TYPE lines.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    /** The whole exposition of {@code statistics}, with the Redis stores this process uses. */
    public static String render(Statistics statistics) {
        return render(statistics.limiters(), statistics.rules(), StoreFigures.all());
    }

    static String render(List<FlowFigures> limiters, List<FlowFigures> rules) {
        return render(limiters, rules, List.of());
    }

    static String render(List<FlowFigures> limiters, List<FlowFigures> rules, List<StoreFigures> stores) {
        PrometheusText text = new PrometheusText();
        text.flows("zero429_", "limiter", limiters);
        text.limiterOnly(limiters);
        text.flows("zero429_rule_", "rule", rules);
        if (!stores.isEmpty()) {
            text.stores(stores);
        }
        return text.out.toString();
    }

    /** The Redis stores ({@code store = redis://}), labelled {@code store} with their host and port. */
    private void stores(List<StoreFigures> stores) {
        family("zero429_store_available", "gauge", "1 while the store answers; 0 while its limiters plan on local shares");
        for (StoreFigures s : stores) {
            sample("zero429_store_available", "store", s.store(), null, null, s.available() ? 1 : 0);
        }
        family("zero429_store_processes", "gauge", "Processes live on the store when it last said (heartbeats)");
        for (StoreFigures s : stores) {
            sample("zero429_store_processes", "store", s.store(), null, null, s.processes());
        }
        family("zero429_store_errors_total", "counter", "Store commands that failed or timed out");
        for (StoreFigures s : stores) {
            sample("zero429_store_errors_total", "store", s.store(), null, null, s.errors());
        }
        String name = "zero429_store_round_trip_seconds";
        family(name, "histogram", "Round trips of the store's scripts (reservations and heartbeats) it answered");
        for (StoreFigures s : stores) {
            histogramSamples(name, "store", s.store(), s.roundTrips());
        }
    }

    /** What limiters and rules both have. */
    private void flows(String prefix, String label, List<FlowFigures> flows) {
        counter(prefix + "requests_total", "Requests admitted (sent, or scheduled to be)", label, flows,
                FlowFigures::requests);
        counter(prefix + "delayed_requests_total", "Requests held back more than 0.1 ms", label, flows,
                FlowFigures::delayed);
        counter(prefix + "refused_requests_total", "Requests failed because they would have waited past max-wait",
                label, flows, FlowFigures::refused);
        counter(prefix + "limited_responses_total", "Responses with HTTP 429", label, flows,
                FlowFigures::limitedResponses);
        counter(prefix + "observed_delays_total", "Observe mode: requests that would have waited (they left at once)",
                label, flows, FlowFigures::wouldHaveWaited);
        gauge(prefix + "in_flight", "Admitted requests whose response has not been seen yet", label, flows,
                FlowFigures::inFlight);
        histogram(prefix + "wait_seconds", "How long requests were held back", label, flows);
        gauge(prefix + "wait_max_seconds", "The longest wait so far", label, flows,
                f -> f.waits().maxNanos() / 1e9);
    }

    private void limiterOnly(List<FlowFigures> limiters) {
        family("zero429_signals_total", "counter",
                "Server signals a limiter acted on, by kind (429, ban, retry-after, body-code, server-count)");
        for (FlowFigures f : limiters) {
            for (SignalType type : SignalType.values()) {
                sample("zero429_signals_total", "limiter", f.name(), "kind", type.label(), f.signals(type));
            }
        }
        gauge("zero429_rate_ratio", "Share of its configured rate the limiter runs at (1 = full)", "limiter",
                limiters, f -> f.gauges().rateRatio());
        gauge("zero429_paused_seconds", "How long the limiter stays paused (Retry-After, ban); 0 if not", "limiter",
                limiters, f -> f.gauges().pausedNanos() / 1e9);
        gauge("zero429_store_local_share", "1 while the limiter plans on its local share (its Redis store does not "
                + "answer), else 0", "limiter", limiters, f -> f.gauges().onLocalShare() ? 1 : 0);
        gauge("zero429_breaker_open", "1 while the circuit breaker is open or half-open, else 0", "limiter",
                limiters, f -> "closed".equals(f.gauges().breakerState()) ? 0 : 1);
        counter("zero429_breaker_openings_total", "How many times the circuit breaker opened", "limiter",
                limiters, f -> f.gauges().breakerOpenings());
        gauge("zero429_last_signal_timestamp_seconds", "When the limiter last acted on a signal (Unix time; 0: never)",
                "limiter", limiters, f -> f.lastSignal() == null ? 0 : f.lastSignal().epochMillis() / 1e3);
    }

    private void counter(String name, String help, String label, List<FlowFigures> flows,
            ToDoubleFunction<FlowFigures> value) {
        series(name, "counter", help, label, flows, value);
    }

    private void gauge(String name, String help, String label, List<FlowFigures> flows,
            ToDoubleFunction<FlowFigures> value) {
        series(name, "gauge", help, label, flows, value);
    }

    private void series(String name, String type, String help, String label, List<FlowFigures> flows,
            ToDoubleFunction<FlowFigures> value) {
        family(name, type, help);
        for (FlowFigures f : flows) {
            sample(name, label, f.name(), null, null, value.applyAsDouble(f));
        }
    }

    private void histogram(String name, String help, String label, List<FlowFigures> flows) {
        family(name, "histogram", help);
        for (FlowFigures f : flows) {
            histogramSamples(name, label, f.name(), f.waits());
        }
    }

    /** One series of a histogram family: its cumulative buckets, sum and count, in seconds. */
    private void histogramSamples(String name, String label, String value, WaitHistogram.Snapshot histogram) {
        long[] bounds = WaitHistogram.Snapshot.bounds();
        long cumulative = 0;
        for (int i = 0; i < histogram.bucketCount(); i++) {
            cumulative += histogram.count(i);
            String le = i < bounds.length ? number(bounds[i] / 1e9) : "+Inf";
            sample(name + "_bucket", label, value, "le", le, cumulative);
        }
        sample(name + "_sum", label, value, null, null, histogram.sumNanos() / 1e9);
        sample(name + "_count", label, value, null, null, cumulative);
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String label, String value, String label2, String value2, double sample) {
        out.append(name).append('{').append(label).append("=\"").append(escape(value)).append('"');
        if (label2 != null) {
            out.append(',').append(label2).append("=\"").append(escape(value2)).append('"');
        }
        out.append("} ").append(number(sample)).append('\n');
    }

    /** Label values escape backslash, double quote and line feed (the format's three). */
    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                s.append("\\\\");
            } else if (c == '"') {
                s.append("\\\"");
            } else if (c == '\n') {
                s.append("\\n");
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** Plain decimal notation ({@code 0.0001}, not {@code 1.0E-4}); NaN and infinities by the format's names. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
