package io.zero429.observe;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the requests of one rule. This is the only thing the request path writes (one histogram
 * recording on admission, one addition on completion): a limiter's request figures are the sum of its rules'.
 */
final class RuleStats {
    final String name;
    /** Its limiters' names, comma-separated (what a JFR delay event names). */
    final String limiterNames;
    /** Statuses any of its limiters takes as a ban. */
    private final int[] banStatuses;
    final WaitHistogram waits = new WaitHistogram();
    final LongAdder completed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder limitedResponses = new LongAdder();
    final LongAdder bans = new LongAdder();
    final LongAdder bodyCodes = new LongAdder();
    final LongAdder wouldHaveWaited = new LongAdder();

    /** Whether these figures can go on counting for a rule of that definition after a reload. */
    boolean sameAs(String limiters, int[] bans) {
        return limiterNames.equals(limiters) && java.util.Arrays.equals(banStatuses, bans);
    }

    RuleStats(String name, String limiterNames, int[] banStatuses) {
        this.name = name;
        this.limiterNames = limiterNames;
        this.banStatuses = banStatuses;
    }

    void response(int status) {
        if (status == 429) {
            limitedResponses.increment();
        }
        for (int ban : banStatuses) {
            if (ban == status) {
                bans.increment();
                return;
            }
        }
    }

    FlowFigures figures() {
        WaitHistogram.Snapshot w = waits.snapshot();
        long[] signals = new long[SignalType.values().length];
        signals[SignalType.BAN.ordinal()] = bans.sum();
        signals[SignalType.BODY_CODE.ordinal()] = bodyCodes.sum();
        // Completions read after admissions would show a negative count for requests that finished in between.
        long inFlight = Math.max(0, w.count() - completed.sum());
        return new FlowFigures(name, w, refused.sum(), limitedResponses.sum(), inFlight, wouldHaveWaited.sum(),
                signals, null, null);
    }
}
