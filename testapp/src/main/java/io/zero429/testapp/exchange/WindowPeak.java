package io.zero429.testapp.exchange;

import java.util.ArrayDeque;

/**
 * The most weight accepted within any window of the given length: the figure that proves a client stayed under a
 * limit (or did not). Keeps the accepted arrivals of the last window only. Not thread-safe.
 */
final class WindowPeak {
    private final long window;
    private final ArrayDeque<long[]> recent = new ArrayDeque<>();
    private long sum;
    private long peak;

    WindowPeak(long window) {
        this.window = window;
    }

    void record(long now, long weight) {
        while (!recent.isEmpty() && now - recent.peekFirst()[0] >= window) {
            sum -= recent.pollFirst()[1];
        }
        recent.addLast(new long[] {now, weight});
        sum += weight;
        peak = Math.max(peak, sum);
    }

    long peak() {
        return peak;
    }
}
