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
    /** When the last cut (its own or adopted, with {@link #lastCutRatioPpm}) was made. */
    private long lastCutAt;
    /** A signal for a request sent before this does not cut again: the cut already answered that overload. */
    private long noRecutBefore;
    private int recentCount;
    private int recentNext;
    private long signals;
    private long cuts;
    /** The ratio right after the last cut (this limiter's or one it adopted), and when: what other processes adopt. */
    private long lastCutRatioPpm = FULL;

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
        return signalled ? recovered(baseRatioPpm, lastSignalAt, now) : FULL;
    }

    /** The ratio at {@code now} of one that stood at {@code base} after a signal at {@code signalAt}. */
    private long recovered(long base, long signalAt, long now) {
        if (base >= FULL) {
            return FULL;
        }
        long quietFor = now - signalAt - spec.quietNanos();
        if (quietFor < spec.stepIntervalNanos()) {
            return base;
        }
        long steps = quietFor / spec.stepIntervalNanos();
        return Math.min(FULL, Saturating.add(base, Saturating.multiply(steps, stepPpm)));
    }

    /**
     * Another process that shares this limiter's schedule cut its ratio to {@code ratioPpm} at {@code cutAt} (this
     * clock; never after {@code now}): the same overload reached this one's requests too, so it plans no faster than
     * that cut allows, recovering from it as that process does, and a response to a request it had planned by then
     * ({@code plannedUntil}: its last planned departure, some still to leave at the rate before) does not cut again.
     * A cut it already follows, or one slower than, changes nothing.
     *
     * @return true if the cut slowed this limiter
     */
    boolean adopt(long now, long ratioPpm, long cutAt, long plannedUntil) {
        long at = cutAt - now > 0 ? now : cutAt;
        if (ratioPpm >= FULL || recovered(ratioPpm, at, now) >= ratioPpm(now)) {
            return false;
        }
        signalled = true;
        baseRatioPpm = ratioPpm;
        lastSignalAt = at;
        lastCutRatioPpm = ratioPpm;
        lastCutAt = at;
        long until = Math.max(at, plannedUntil) + 1;
        if (!everCut || until - noRecutBefore > 0) {
            noRecutBefore = until;
        }
        everCut = true;
        recentCount = 0;
        return true;
    }

    /** The ratio right after the last cut this limiter made or adopted ({@link #FULL}: never cut). */
    long lastCutRatioPpm() {
        return lastCutRatioPpm;
    }

    /** When the last cut was made or adopted (valid once {@link #lastCutRatioPpm} is below {@link #FULL}). */
    long lastCutAt() {
        return lastCutAt;
    }

    /**
     * How long from the last signal until the ratio is back to full with no further signal (a cut matters that long):
     * asked right after a cut, how long from now.
     */
    long recoveryNanos() {
        if (!signalled || baseRatioPpm >= FULL) {
            return 0;
        }
        if (stepPpm <= 0) {
            return Long.MAX_VALUE;
        }
        long steps = (FULL - baseRatioPpm + stepPpm - 1) / stepPpm;
        return Saturating.add(spec.quietNanos(), Saturating.multiply(steps, spec.stepIntervalNanos()));
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
        if (!spec.enabled() || (everCut && sentAt - noRecutBefore < 0)) {
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
        lastCutRatioPpm = baseRatioPpm;
        everCut = true;
        lastCutAt = now;
        noRecutBefore = now;
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
