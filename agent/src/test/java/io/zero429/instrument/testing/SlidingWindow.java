package io.zero429.instrument.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * An exact sliding-window limit as a server enforces it: at most {@code count} requests in any {@code window}
 * nanoseconds, counted when they arrive, with no allowance. Keeps the arrivals it accepted, for rates.
 */
public final class SlidingWindow {
    /** Korea Investment's limit per app key: 20 requests in any second. */
    public static final int KIS_COUNT = 20;

    private final int count;
    private final long window;
    /** The last {@code count} accepted arrivals, oldest at {@code next} once full. */
    private final long[] ring;
    private int next;
    private int size;
    private final List<Long> accepted = new ArrayList<>();
    private int rejected;
    private final List<Long> rejectedAt = new ArrayList<>();

    public SlidingWindow(int count, long window) {
        this.count = count;
        this.window = window;
        this.ring = new long[count];
    }

    /** A request arrived at {@code now}: true if it conforms (and is counted), false if it is one too many. */
    public synchronized boolean conforms(long now) {
        if (size == count && now - ring[next] < window) {
            rejected++;
            rejectedAt.add(now);
            return false; // with the oldest of the last `count`, it would make count + 1 within less than a window
        }
        ring[next] = now;
        next = (next + 1) % count;
        size = Math.min(size + 1, count);
        accepted.add(now);
        return true;
    }

    public synchronized int accepted() {
        return accepted.size();
    }

    public synchronized int rejected() {
        return rejected;
    }

    /**
     * For each refused arrival, in ms after the first accepted: when it came and the accepted arrivals of the window
     * before it (what made it one too many).
     */
    public synchronized String rejections() {
        StringBuilder text = new StringBuilder();
        long origin = accepted.isEmpty() ? 0 : accepted.get(0);
        for (long at : rejectedAt) {
            text.append(String.format("refused at %.1f ms after:", (at - origin) / 1e6));
            for (long ok : accepted) {
                if (ok <= at && at - ok < window) {
                    text.append(String.format(" %.1f", (ok - origin) / 1e6));
                }
            }
            text.append("; ");
        }
        return text.toString();
    }

    /** When each window's first request arrived (every {@code count}-th accepted), in ms after the first. */
    public synchronized List<Long> windowStartsMillis() {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i += count) {
            starts.add((accepted.get(i) - accepted.get(0)) / 1_000_000);
        }
        return starts;
    }

    /**
     * The share of the limit used after the first window (whose wait for the opening answers is a cold start's
     * one-time cost): the windows the accepted requests after the first {@code count} need at least, over the time
     * from the first of them to the last.
     */
    public synchronized double efficiencyAfterFirstWindow() {
        return efficiencyAfterFirstWindow(Long.MAX_VALUE);
    }

    /** {@link #efficiencyAfterFirstWindow()} of the requests accepted up to {@code until} (a {@link System#nanoTime()}). */
    public synchronized double efficiencyAfterFirstWindow(long until) {
        int n = 0;
        while (n < accepted.size() && accepted.get(n) <= until) {
            n++;
        }
        if (n <= 2 * count) {
            return Double.NaN;
        }
        long shortest = (long) ((n - count - 1) / count) * window;
        return (double) shortest / (accepted.get(n - 1) - accepted.get(count));
    }

    /**
     * Of the requests accepted up to {@code until}, those after the first window, measured over whole windows only:
     * m more windows' worth of requests ({@code count} each) need at least m windows, so the share is m windows over
     * the time from the first of them to the first of the next. Unlike {@link #efficiencyAfterFirstWindow(long)}, a
     * window's requests spread over it (a sliding window allows that) cost nothing: that one counts the spread of
     * the last, partial window as time lost.
     */
    public synchronized double wholeWindowsEfficiency(long until) {
        return count < accepted.size() ? wholeWindowsEfficiency(accepted.get(count), until) : Double.NaN;
    }

    /** {@link #wholeWindowsEfficiency(long)} from the first request accepted at or after {@code from}. */
    public synchronized double wholeWindowsEfficiency(long from, long until) {
        int first = 0;
        while (first < accepted.size() && accepted.get(first) - from < 0) {
            first++;
        }
        int n = first;
        while (n < accepted.size() && accepted.get(n) <= until) {
            n++;
        }
        long windows = (n - 1 - first) / count;
        if (windows < 1) {
            return Double.NaN;
        }
        return (double) (windows * window) / (accepted.get((int) (first + windows * count)) - accepted.get(first));
    }
}
