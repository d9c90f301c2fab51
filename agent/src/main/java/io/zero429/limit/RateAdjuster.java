package io.zero429.limit;

/**
 * The dynamic adjuster: the share of the planned rate a limiter may use, in parts per million. Cut
 * multiplicatively when the server signals a limit, recovered additively after a quiet period. The ratio is a
 * pure function of the signal history and the clock, computed when asked: there is no timer thread.
 *
 * <p>Not thread-safe: its limiter calls it under its own lock.
 */
final class RateAdjuster {
    static final long FULL = PlannedLimit.FULL_RATIO_PPM;

    private final AdjusterSpec spec;
    private final long floorPpm;
    private final long stepPpm;
    private final long[] recentSignals;

    private boolean signalled;
    /** The ratio as it stood right after the last signal (cut or not). */
    private long baseRatioPpm = FULL;
    private long lastSignalAt;
    private boolean everCut;
    private long lastCutAt;
    private int recentCount;
    private int recentNext;
    private long signals;
    private long cuts;

    RateAdjuster(AdjusterSpec spec) {
        this.spec = spec;
        this.floorPpm = Math.round(spec.floor() * FULL);
        this.stepPpm = Math.round(spec.step() * FULL);
        this.recentSignals = new long[spec.threshold()];
    }

    /**
     * The ratio at {@code now}: the ratio after the last signal, plus one step for every full step interval that
     * has passed after the quiet period (the first step comes at quiet + interval), up to 100%.
     */
    long ratioPpm(long now) {
        if (!signalled || baseRatioPpm >= FULL) {
            return FULL;
        }
        long quietFor = now - lastSignalAt - spec.quietNanos();
        if (quietFor < spec.stepIntervalNanos()) {
            return baseRatioPpm;
        }
        long steps = quietFor / spec.stepIntervalNanos();
        return Math.min(FULL, Saturating.add(baseRatioPpm, Saturating.multiply(steps, stepPpm)));
    }

    /**
     * A limit signal (a 429, a body error code) for a request that left at {@code sentAt}. A response to a request
     * sent before the last cut does not cut again: that cut was already the answer to the same overload (several
     * requests in flight come back limited together). Every signal restarts the quiet period.
     *
     * @return true if this signal cut the ratio
     */
    boolean onSignal(long now, long sentAt) {
        long current = ratioPpm(now);
        signals++;
        signalled = true;
        baseRatioPpm = current;
        lastSignalAt = now;
        if (!spec.enabled() || (everCut && sentAt < lastCutAt)) {
            return false;
        }
        recentSignals[recentNext] = now;
        recentNext = (recentNext + 1) % recentSignals.length;
        recentCount = Math.min(recentSignals.length, recentCount + 1);
        // recentNext now points at the oldest of the last `threshold` signals.
        boolean enough = recentCount == recentSignals.length
                && now - recentSignals[recentNext] <= spec.signalWindowNanos();
        if (!enough) {
            return false;
        }
        baseRatioPpm = Math.max(floorPpm, Math.round(current * spec.factor()));
        everCut = true;
        lastCutAt = now;
        recentCount = 0;
        cuts++;
        return true;
    }

    long signals() {
        return signals;
    }

    long cuts() {
        return cuts;
    }

    /** True when forgetting this adjuster would change nothing: no signal, or fully recovered. */
    boolean isIdle(long now) {
        return !signalled || (ratioPpm(now) >= FULL && now - lastSignalAt > spec.signalWindowNanos());
    }
}
