package io.zero429.observe;

import io.zero429.limit.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The periodic summary: one line per limiter that had traffic or signals since the previous summary, none when
 * nothing happened. Keeps the previous figures to tell; whoever calls {@link #next} decides when (a timer in the
 * agent, the test directly).
 */
public final class SummaryLine {
    private final Map<String, FlowFigures> previous = new HashMap<>();

    /** The lines for what happened since the last call, given every limiter's figures now. */
    public List<String> next(List<FlowFigures> limiters) {
        List<String> lines = new ArrayList<>();
        for (FlowFigures now : limiters) {
            FlowFigures before = previous.put(now.name(), now);
            FlowFigures delta = before == null ? now : now.since(before);
            if (delta.hadActivity()) {
                lines.add(line(delta));
            }
        }
        return lines;
    }

    private static String line(FlowFigures f) {
        StringBuilder line = new StringBuilder(128).append("limiter '").append(f.name()).append("': ")
                .append(f.requests()).append(" requests, ").append(f.delayed()).append(" delayed");
        if (f.delayed() > 0) {
            line.append(" (p99 wait ").append(Durations.format(f.waits().quantileNanos(0.99))).append(')');
        }
        if (f.refused() > 0) {
            line.append(", ").append(f.refused()).append(" refused (max-wait)");
        }
        if (f.wouldHaveWaited() > 0) {
            line.append(", ").append(f.wouldHaveWaited()).append(" would have waited (observe mode)");
        }
        line.append(", ").append(f.limitedResponses()).append(" limited (429)");
        long bodyCodes = f.signals(SignalType.BODY_CODE);
        if (bodyCodes > 0) {
            line.append(", ").append(bodyCodes).append(" limit body codes");
        }
        line.append(", ").append(f.bans()).append(" bans");
        if (f.gauges() != null) {
            line.append(", rate ratio ").append(String.format(Locale.ROOT, "%.2f", f.gauges().rateRatio()));
            if (f.gauges().pausedNanos() > 0) {
                line.append(", paused ").append(Durations.format(f.gauges().pausedNanos())).append(" more");
            }
        }
        return line.toString();
    }
}
