package io.zero429.signal;

import java.util.concurrent.TimeUnit;

/**
 * Parses Binance's {@code X-MBX-USED-WEIGHT-<n><S|M|H|D>: <int>} (e.g. {@code X-MBX-USED-WEIGHT-1M: 66}): the
 * interval comes from the header NAME (case-insensitive), the weight used in it from the value.
 */
public final class BinanceUsedWeight {
    private static final String PREFIX = "x-mbx-used-weight-";
    /** Binance uses 1 to 3 digit interval numbers; 999 days is the documented upper bound of {@link #intervalNanos}. */
    private static final int MAX_INTERVAL_DIGITS = 3;
    private static final int MAX_VALUE_LENGTH = 32;

    private final long intervalNanos;
    private final long used;

    private BinanceUsedWeight(long intervalNanos, long used) {
        this.intervalNanos = intervalNanos;
        this.used = used;
    }

    /** @return the interval's length, in (0, 999 days] */
    public long intervalNanos() {
        return intervalNanos;
    }

    /** @return the weight used in the current interval, in [0, 999999999] */
    public long used() {
        return used;
    }

    /** @return the interval and weight, or null if the name is not a used-weight header or the value is unusable */
    public static BinanceUsedWeight parse(String headerName, String value) {
        long interval = intervalNanos(headerName);
        if (interval == Lex.NONE || value == null || value.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        String v = value.trim();
        long used = Lex.count(v, 0, v.length());
        return used == Lex.NONE ? null : new BinanceUsedWeight(interval, used);
    }

    /** @return the interval named by a {@code X-MBX-USED-WEIGHT-<n><unit>} header name, or -1 for other names */
    public static long intervalNanos(String headerName) {
        if (headerName == null) {
            return Lex.NONE;
        }
        int end = headerName.length() - 1; // index of the unit letter
        int digits = end - PREFIX.length();
        if (digits < 1 || digits > MAX_INTERVAL_DIGITS
                || !Lex.asciiEqualsIgnoreCase(headerName, 0, PREFIX.length(), PREFIX)) {
            return Lex.NONE;
        }
        long n = Lex.digits(headerName, PREFIX.length(), end);
        if (n <= 0) {
            return Lex.NONE;
        }
        TimeUnit unit;
        switch (headerName.charAt(end)) {
            case 'S':
            case 's':
                unit = TimeUnit.SECONDS;
                break;
            case 'M':
            case 'm':
                unit = TimeUnit.MINUTES;
                break;
            case 'H':
            case 'h':
                unit = TimeUnit.HOURS;
                break;
            case 'D':
            case 'd':
                unit = TimeUnit.DAYS;
                break;
            default:
                return Lex.NONE;
        }
        return unit.toNanos(n);
    }

    @Override
    public String toString() {
        return "intervalNanos=" + intervalNanos + ", used=" + used;
    }
}
