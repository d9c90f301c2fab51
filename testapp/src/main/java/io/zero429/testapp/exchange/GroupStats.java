package io.zero429.testapp.exchange;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the exchange counted for one rate-limit group of one API, across its clients: requests, accepted, limited
 * (429 or the API's own over-limit answer), refused because the client was banned (418), the most weight accepted
 * within any window of the limit's length, and the sustained accepted rate after the opening burst.
 */
final class GroupStats {
    final String api;
    final String group;
    final String limit;
    final String unit;
    final double allowedPerSecond;
    final long burst;
    private final WindowPeak peak;
    private final String peakWindow;
    long requests;
    long ok;
    long okWeight;
    long limited;
    long banned;
    private long firstOk = Long.MIN_VALUE;
    private long firstLimitedAt = Long.MIN_VALUE;
    private long lastOk;
    /** For sliding-log limits: when each request was accepted (bounded), to count whole windows. */
    private final long logWindow;
    private long[] acceptedAt = new long[64];
    private int acceptedCount;

    GroupStats(String api, String group, String limit, String unit, double allowedPerSecond, long burst,
            long peakWindowNanos, String peakWindow) {
        this(api, group, limit, unit, allowedPerSecond, burst, peakWindowNanos, peakWindow, 0);
    }

    /** @param logWindow for a sliding-log limit, its window (the sustained rate is then counted in whole windows) */
    GroupStats(String api, String group, String limit, String unit, double allowedPerSecond, long burst,
            long peakWindowNanos, String peakWindow, long logWindow) {
        this.logWindow = logWindow;
        this.api = api;
        this.group = group;
        this.limit = limit;
        this.unit = unit;
        this.allowedPerSecond = allowedPerSecond;
        this.burst = burst;
        this.peak = new WindowPeak(peakWindowNanos);
        this.peakWindow = peakWindow;
    }

    /**
     * A group limited per (scaled) minute, counted in requests: its limit's text says the scale, its peak is counted
     * per minute, and a sliding log's sustained rate in whole minutes ({@code slidingLog}).
     */
    static GroupStats perMinute(String api, String group, String limit, long perMinute, TimeScale scale,
            boolean slidingLog) {
        long minute = scale.window(TimeScale.MINUTE);
        return new GroupStats(api, group, limit + (scale.factor() == 1 ? "" : " (time scale " + scale.factor() + ")"),
                "requests", perMinute * 1e9 / minute, perMinute, minute, TimeUnit.NANOSECONDS.toMillis(minute) + "ms",
                slidingLog ? minute : 0);
    }

    void accepted(long now, long weight) {
        requests++;
        ok++;
        okWeight += weight;
        peak.record(now, weight);
        if (firstOk == Long.MIN_VALUE) {
            firstOk = now;
        }
        lastOk = now;
        if (logWindow > 0 && acceptedCount < 10_000_000) {
            if (acceptedCount == acceptedAt.length) {
                acceptedAt = java.util.Arrays.copyOf(acceptedAt, acceptedCount * 2);
            }
            acceptedAt[acceptedCount++] = now;
        }
    }

    void limited() {
        requests++;
        limited++;
    }

    /** A refusal at {@code now}: remembered as an offset from the first accepted request, for diagnosis. */
    void limited(long now) {
        limited();
        if (firstLimitedAt == Long.MIN_VALUE) {
            firstLimitedAt = now;
        }
    }

    /** Milliseconds from the first accepted request to the first refusal, or -1. */
    long firstLimitedMillis() {
        return firstLimitedAt == Long.MIN_VALUE || firstOk == Long.MIN_VALUE ? -1 : (firstLimitedAt - firstOk) / 1_000_000;
    }

    void banned() {
        requests++;
        banned++;
    }

    /**
     * The accepted rate a client sustained. Token buckets: weight per second between the first and the last accepted
     * request, after the opening burst (exact for a steady stream). Sliding logs, where requests come in batches of a
     * window's worth: accepted in the whole windows that fit between the first and the last, per second (a partial
     * batch at the end would skew the other formula either way).
     */
    double sustainedRate() {
        if (ok < 2 || lastOk == firstOk) {
            return 0;
        }
        if (logWindow > 0) {
            long windows = (lastOk - firstOk) / logWindow;
            if (windows == 0) {
                return 0;
            }
            long end = firstOk + windows * logWindow;
            int inWholeWindows = 0;
            for (int i = 0; i < acceptedCount && acceptedAt[i] < end; i++) {
                inWholeWindows++;
            }
            return inWholeWindows * 1e9 / (windows * logWindow);
        }
        return Math.max(0, okWeight - burst) * 1e9 / (lastOk - firstOk);
    }

    GroupSnapshot snapshot() {
        return new GroupSnapshot(api, group, limit, unit, allowedPerSecond, burst, requests, ok, okWeight, limited,
                banned, peak.peak(), peakWindow, sustainedRate(), firstLimitedMillis());
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"api\":\"%s\",\"group\":\"%s\",\"limit\":\"%s\",\"unit\":\"%s\","
                + "\"allowedPerSecond\":%.6f,\"requests\":%d,\"ok\":%d,\"okWeight\":%d,\"limited\":%d,\"banned\":%d,"
                + "\"peakInWindow\":%d,\"peakWindow\":\"%s\",\"sustainedRate\":%.4f}", api, group, limit, unit,
                allowedPerSecond, requests, ok, okWeight, limited, banned, peak.peak(), peakWindow, sustainedRate());
    }
}
