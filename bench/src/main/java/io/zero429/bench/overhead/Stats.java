package io.zero429.bench.overhead;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Order statistics and the units the tables print. */
public final class Stats {
    private Stats() {
    }

    /** Nearest-rank percentile of an ascending array: the smallest value with at least p% of values at or below it. */
    public static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The median; for an even count the mean of the two middle values. */
    public static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String us(double nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e3);
    }

    static String signedMs(double nanos) {
        return String.format(Locale.ROOT, "%+.1f", nanos / 1e6);
    }

    static String signedUs(double nanos) {
        return String.format(Locale.ROOT, "%+.2f", nanos / 1e3);
    }

    static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (1024.0 * 1024.0));
    }

    static String signedMb(double bytes) {
        return String.format(Locale.ROOT, "%+.2f", bytes / (1024.0 * 1024.0));
    }

    /** Every value in milliseconds, in run order, so the noise is visible next to the median. */
    static String allMs(List<Long> nanos) {
        return nanos.stream().map(v -> String.format(Locale.ROOT, "%.0f", v / 1e6)).collect(Collectors.joining(" "));
    }

    static long[] sortedCopy(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
