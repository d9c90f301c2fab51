package io.zero429.limit;

import java.util.concurrent.TimeUnit;

/**
 * How a limiter slows down when the server complains and speeds up again when it stops. Defaults come from a
 * production post-mortem of an exchange bot: one limit signal within 60 s cuts the rate to 80% (never below 50%);
 * after 300 s without a signal the rate recovers by 5 points every 30 s, up to 100%.
 */
public final class AdjusterSpec {
    public static final AdjusterSpec DEFAULT = new AdjusterSpec(true, 1, TimeUnit.SECONDS.toNanos(60), 0.8, 0.5,
            TimeUnit.SECONDS.toNanos(300), 0.05, TimeUnit.SECONDS.toNanos(30));
    public static final AdjusterSpec OFF = new AdjusterSpec(false, 1, DEFAULT.signalWindowNanos, DEFAULT.factor,
            DEFAULT.floor, DEFAULT.quietNanos, DEFAULT.step, DEFAULT.stepIntervalNanos);

    private final boolean enabled;
    private final int threshold;
    private final long signalWindowNanos;
    private final double factor;
    private final double floor;
    private final long quietNanos;
    private final double step;
    private final long stepIntervalNanos;

    public AdjusterSpec(boolean enabled, int threshold, long signalWindowNanos, double factor, double floor,
            long quietNanos, double step, long stepIntervalNanos) {
        require(threshold >= 1 && threshold <= 1000, "threshold must be 1..1000, was " + threshold);
        require(signalWindowNanos > 0, "signal window must be positive");
        require(factor > 0 && factor <= 1, "factor must be in (0, 1], was " + factor);
        require(floor > 0 && floor <= 1, "floor must be in (0, 1], was " + floor);
        require(quietNanos >= 0, "quiet period must not be negative");
        require(step >= 0 && step <= 1, "step must be in [0, 1], was " + step);
        require(stepIntervalNanos > 0, "step interval must be positive");
        this.enabled = enabled;
        this.threshold = threshold;
        this.signalWindowNanos = signalWindowNanos;
        this.factor = factor;
        this.floor = floor;
        this.quietNanos = quietNanos;
        this.step = step;
        this.stepIntervalNanos = stepIntervalNanos;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Limit signals within {@link #signalWindowNanos()} that cause one cut. */
    public int threshold() {
        return threshold;
    }

    public long signalWindowNanos() {
        return signalWindowNanos;
    }

    /** The ratio is multiplied by this on a cut. */
    public double factor() {
        return factor;
    }

    /** The ratio never goes below this. */
    public double floor() {
        return floor;
    }

    /** Time without a signal before recovery starts. */
    public long quietNanos() {
        return quietNanos;
    }

    /** Ratio added per recovery step. */
    public double step() {
        return step;
    }

    public long stepIntervalNanos() {
        return stepIntervalNanos;
    }

    public AdjusterSpec withEnabled(boolean on) {
        return new AdjusterSpec(on, threshold, signalWindowNanos, factor, floor, quietNanos, step, stepIntervalNanos);
    }

    public AdjusterSpec withThreshold(int value) {
        return new AdjusterSpec(enabled, value, signalWindowNanos, factor, floor, quietNanos, step, stepIntervalNanos);
    }

    public AdjusterSpec withSignalWindow(long nanos) {
        return new AdjusterSpec(enabled, threshold, nanos, factor, floor, quietNanos, step, stepIntervalNanos);
    }

    public AdjusterSpec withFactor(double value) {
        return new AdjusterSpec(enabled, threshold, signalWindowNanos, value, floor, quietNanos, step, stepIntervalNanos);
    }

    public AdjusterSpec withFloor(double value) {
        return new AdjusterSpec(enabled, threshold, signalWindowNanos, factor, value, quietNanos, step, stepIntervalNanos);
    }

    public AdjusterSpec withQuiet(long nanos) {
        return new AdjusterSpec(enabled, threshold, signalWindowNanos, factor, floor, nanos, step, stepIntervalNanos);
    }

    public AdjusterSpec withStep(double value) {
        return new AdjusterSpec(enabled, threshold, signalWindowNanos, factor, floor, quietNanos, value, stepIntervalNanos);
    }

    public AdjusterSpec withStepInterval(long nanos) {
        return new AdjusterSpec(enabled, threshold, signalWindowNanos, factor, floor, quietNanos, step, nanos);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "off";
        }
        return "cut x" + factor + " (floor " + floor + ") after " + threshold + " signal(s) in "
                + Durations.format(signalWindowNanos) + "; recover +" + step + " every "
                + Durations.format(stepIntervalNanos) + " after " + Durations.format(quietNanos) + " quiet";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AdjusterSpec)) {
            return false;
        }
        AdjusterSpec other = (AdjusterSpec) o;
        return enabled == other.enabled && threshold == other.threshold
                && signalWindowNanos == other.signalWindowNanos && factor == other.factor && floor == other.floor
                && quietNanos == other.quietNanos && step == other.step
                && stepIntervalNanos == other.stepIntervalNanos;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(enabled, threshold, signalWindowNanos, factor, floor, quietNanos, step,
                stepIntervalNanos);
    }
}
