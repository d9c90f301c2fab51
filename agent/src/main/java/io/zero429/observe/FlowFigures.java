package io.zero429.observe;

/**
 * The figures of one limiter or one rule at one moment, as every output shows them (Prometheus, JMX, summary
 * line, stats file). Names only: never a header value, query string or body. Immutable.
 */
public final class FlowFigures {
    private final String name;
    private final WaitHistogram.Snapshot waits;
    private final long refused;
    private final long limitedResponses;
    private final long inFlight;
    private final long wouldHaveWaited;
    private final long[] signals;
    private final LastSignal lastSignal;
    private final LimiterGauges gauges;

    FlowFigures(String name, WaitHistogram.Snapshot waits, long refused, long limitedResponses, long inFlight,
            long wouldHaveWaited, long[] signals, LastSignal lastSignal, LimiterGauges gauges) {
        this.name = name;
        this.waits = waits;
        this.refused = refused;
        this.limitedResponses = limitedResponses;
        this.inFlight = inFlight;
        this.wouldHaveWaited = wouldHaveWaited;
        this.signals = signals;
        this.lastSignal = lastSignal;
        this.gauges = gauges;
    }

    public String name() {
        return name;
    }

    /** Requests admitted (sent, or scheduled to be). */
    public long requests() {
        return waits.count();
    }

    /** Requests the agent held back (more than {@link WaitHistogram#DELAY_THRESHOLD_NANOS}). */
    public long delayed() {
        return waits.delayed();
    }

    public WaitHistogram.Snapshot waits() {
        return waits;
    }

    /** Requests failed with a wait timeout (more than max-wait); for a limiter, those it imposed. */
    public long refused() {
        return refused;
    }

    /** Responses with HTTP 429. */
    public long limitedResponses() {
        return limitedResponses;
    }

    /** Admitted requests whose response or failure has not been seen yet. */
    public long inFlight() {
        return inFlight;
    }

    /** Observe mode: requests that would have waited (they left at once). */
    public long wouldHaveWaited() {
        return wouldHaveWaited;
    }

    /** Signals of that type (for a rule: ban responses and body codes only). */
    public long signals(SignalType type) {
        return signals[type.ordinal()];
    }

    public long bans() {
        return signals(SignalType.BAN);
    }

    /** The last signal, or null (never for a rule). */
    public LastSignal lastSignal() {
        return lastSignal;
    }

    /** A limiter's live state, or null for a rule. */
    public LimiterGauges gauges() {
        return gauges;
    }

    /** Whether anything at all was counted (a summary line says nothing of an idle flow). */
    boolean hadActivity() {
        if (requests() > 0 || refused > 0 || limitedResponses > 0 || wouldHaveWaited > 0) {
            return true;
        }
        for (long s : signals) {
            if (s > 0) {
                return true;
            }
        }
        return false;
    }

    /** What was counted since {@code earlier} (same flow); gauges and last signal are this one's. */
    FlowFigures since(FlowFigures earlier) {
        long[] diff = new long[signals.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = signals[i] - earlier.signals[i];
        }
        return new FlowFigures(name, waits.minus(earlier.waits), refused - earlier.refused,
                limitedResponses - earlier.limitedResponses, inFlight, wouldHaveWaited - earlier.wouldHaveWaited,
                diff, lastSignal, gauges);
    }
}
