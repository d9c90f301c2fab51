package io.zero429.observe;

import io.zero429.limit.Limiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to one limiter (all its partitions together): the request figures of the rules that use it,
 * summed when read, and what only the limiter knows (signals, refusals it imposed, its rate and pause).
 */
final class LimiterStats {
    final String name;
    /** The shared limiter of that name: its rate ratio and pause are the ones shown. */
    private final Limiter shared;
    final List<RuleStats> rules = new ArrayList<>();
    final LongAdder refused;
    private final LongAdder[] signals;
    volatile LastSignal last;
    /** The rate ratio last reported in a JFR ratio-change event. */
    volatile double reportedRatio = 1.0;

    /** @param previous the same limiter's figures before a reload (they go on counting), or null */
    LimiterStats(String name, Limiter shared, LimiterStats previous) {
        this.name = name;
        this.shared = shared;
        if (previous != null) {
            refused = previous.refused;
            signals = previous.signals;
            last = previous.last;
            reportedRatio = previous.reportedRatio;
            return;
        }
        refused = new LongAdder();
        signals = new LongAdder[SignalType.values().length];
        for (int i = 0; i < signals.length; i++) {
            signals[i] = new LongAdder();
        }
    }

    void signal(SignalType type, int status, long epochMillis) {
        signals[type.ordinal()].increment();
        last = new LastSignal(type, status, epochMillis);
    }

    /** The shared limiter's rate ratio (takes its monitor for nanoseconds). */
    double rateRatio() {
        return shared.rateRatio();
    }

    FlowFigures figures(long nowNanos) {
        WaitHistogram.Snapshot waits = WaitHistogram.Snapshot.EMPTY;
        long limited = 0;
        long inFlight = 0;
        long wouldHaveWaited = 0;
        for (RuleStats rule : rules) {
            FlowFigures r = rule.figures();
            waits = waits.plus(r.waits());
            limited += r.limitedResponses();
            inFlight += r.inFlight();
            wouldHaveWaited += r.wouldHaveWaited();
        }
        long[] counts = new long[signals.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = signals[i].sum();
        }
        LimiterGauges gauges = new LimiterGauges(rateRatio(), Math.max(0, shared.pausedUntil() - nowNanos),
                shared.breakerState(), shared.breakerOpenings(), shared.onLocalShare());
        return new FlowFigures(name, waits, refused.sum(), limited, inFlight, wouldHaveWaited, counts, last, gauges);
    }
}
