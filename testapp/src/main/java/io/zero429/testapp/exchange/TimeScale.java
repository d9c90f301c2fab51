package io.zero429.testapp.exchange;

import java.util.concurrent.TimeUnit;

/**
 * {@code --time-scale K}: windows of a minute or longer (per-minute and per-day limits, ban lengths) last K times
 * less, so they can be exercised in seconds; per-second limits are already short and stay as they are. The demo
 * scales the agent's rules the same way ({@link #scaleRuleWindow}).
 */
public record TimeScale(long factor) {
    public static final TimeScale REAL = new TimeScale(1);
    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    public TimeScale {
        if (factor < 1) {
            throw new IllegalArgumentException("time scale must be at least 1, was " + factor);
        }
    }

    /** A server window in nanoseconds, scaled if it is a minute or longer. */
    public long window(long nanos) {
        return nanos >= MINUTE ? nanos / factor : nanos;
    }

    /** A rules-file window for the same scaled length, in milliseconds: {@code 60s} at scale 60 → {@code 1000ms}. */
    public String scaleRuleWindow(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(window(nanos)) + "ms";
    }
}
