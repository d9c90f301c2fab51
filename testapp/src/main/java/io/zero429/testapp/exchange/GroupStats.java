package io.zero429.testapp.exchange;

import java.util.Locale;

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
    private long lastOk;

    GroupStats(String api, String group, String limit, String unit, double allowedPerSecond, long burst,
            long peakWindowNanos, String peakWindow) {
        this.api = api;
        this.group = group;
        this.limit = limit;
        this.unit = unit;
        this.allowedPerSecond = allowedPerSecond;
        this.burst = burst;
        this.peak = new WindowPeak(peakWindowNanos);
        this.peakWindow = peakWindow;
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
    }

    void limited() {
        requests++;
        limited++;
    }

    void banned() {
        requests++;
        banned++;
    }

    /** Accepted weight per second between the first and the last accepted request, after the opening burst. */
    double sustainedRate() {
        if (ok < 2 || lastOk == firstOk) {
            return 0;
        }
        return Math.max(0, okWeight - burst) * 1e9 / (lastOk - firstOk);
    }

    GroupSnapshot snapshot() {
        return new GroupSnapshot(api, group, limit, unit, allowedPerSecond, burst, requests, ok, okWeight, limited,
                banned, peak.peak(), peakWindow, sustainedRate());
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"api\":\"%s\",\"group\":\"%s\",\"limit\":\"%s\",\"unit\":\"%s\","
                + "\"allowedPerSecond\":%.6f,\"requests\":%d,\"ok\":%d,\"okWeight\":%d,\"limited\":%d,\"banned\":%d,"
                + "\"peakInWindow\":%d,\"peakWindow\":\"%s\",\"sustainedRate\":%.4f}", api, group, limit, unit,
                allowedPerSecond, requests, ok, okWeight, limited, banned, peak.peak(), peakWindow, sustainedRate());
    }
}
