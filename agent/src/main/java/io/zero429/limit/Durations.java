package io.zero429.limit;

import java.util.concurrent.TimeUnit;

/** Formats nanosecond durations for people: {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1d}. */
public final class Durations {
    private Durations() {
    }

    public static String format(long nanos) {
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        if (nanos == 0) {
            return "0s";
        }
        long[] units = {TimeUnit.DAYS.toNanos(1), TimeUnit.HOURS.toNanos(1), TimeUnit.MINUTES.toNanos(1),
            TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(1), 1};
        String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++) {
            if (nanos >= units[i]) {
                return trim(nanos, units[i]) + names[i];
            }
        }
        return nanos + "ns";
    }

    /** Up to three decimals, without trailing zeros. */
    private static String trim(long nanos, long unit) {
        long whole = nanos / unit;
        long thousandths = Math.round((double) (nanos % unit) * 1000 / unit);
        if (thousandths == 1000) {
            whole++;
            thousandths = 0;
        }
        if (thousandths == 0) {
            return Long.toString(whole);
        }
        String frac = String.format("%03d", thousandths);
        while (frac.endsWith("0")) {
            frac = frac.substring(0, frac.length() - 1);
        }
        return whole + "." + frac;
    }
}
