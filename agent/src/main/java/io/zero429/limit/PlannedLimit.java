package io.zero429.limit;

import java.math.BigInteger;

/**
 * A stated limit as the limiter actually plans it: slowed by the safety margin and by the adjuster's current
 * ratio, in whole nanoseconds. Rounding always goes the safe way (intervals and windows up, bursts down), so the
 * plan is never faster than the stated limit; the rounding error is under one nanosecond per request.
 */
final class PlannedLimit {
    static final long FULL_RATIO_PPM = 1_000_000L;
    private static final BigInteger BASIS = BigInteger.valueOf(10_000L);
    private static final BigInteger PPM = BigInteger.valueOf(FULL_RATIO_PPM);

    /** Emission interval T: nanoseconds per cost unit. */
    final long interval;
    /** Back-to-back burst B (GCRA). */
    final long burst;
    /** Window length (window mode), stretched by the margin. */
    final long window;
    /**
     * Units per window (window mode), cut by the ratio (rounded down, at least 1): a cut must shrink what may leave
     * together, not only space the windows out, or a server that counts a smaller number in a window of the same
     * length would refuse the same share of every window however far the adjuster cuts.
     */
    final long count;
    /**
     * How much later than planned a departure may actually leave and still keep to the stated limit: the slack
     * the margin and the ratio leave in each interval (GCRA) or window (window mode). Jitter lives in it.
     */
    final long gcraSlack;
    final long windowSlack;
    /** The stated limit as the server applies it: interval (rounded up) and burst, without margin or ratio. */
    final long statedInterval;
    final long statedBurst;

    private PlannedLimit(long interval, long burst, long window, long count, long gcraSlack, long windowSlack,
            long statedInterval, long statedBurst) {
        this.interval = interval;
        this.burst = burst;
        this.window = window;
        this.count = count;
        this.gcraSlack = gcraSlack;
        this.windowSlack = windowSlack;
        this.statedInterval = statedInterval;
        this.statedBurst = statedBurst;
    }

    static PlannedLimit of(LimitSpec stated, int marginBasisPoints, long ratioPpm) {
        // planned rate = stated rate * (1 - margin) * ratio; so T = W / (N * (1 - margin) * ratio), rounded up.
        BigInteger speed = BASIS.subtract(BigInteger.valueOf(marginBasisPoints)).multiply(BigInteger.valueOf(ratioPpm));
        BigInteger scale = BASIS.multiply(PPM);
        BigInteger window = BigInteger.valueOf(stated.windowNanos()).multiply(scale);
        long interval = ceilDiv(window, speed.multiply(BigInteger.valueOf(stated.count())));
        long stretchedWindow = ceilDiv(window, BASIS.subtract(BigInteger.valueOf(marginBasisPoints)).multiply(PPM));
        long count = Math.max(1, stated.count() * ratioPpm / FULL_RATIO_PPM);
        long burst = Math.max(1, stated.burst() * ratioPpm / FULL_RATIO_PPM);
        long statedInterval = ceilDiv(BigInteger.valueOf(stated.windowNanos()), BigInteger.valueOf(stated.count()));
        interval = Math.max(1, interval);
        return new PlannedLimit(interval, burst, stretchedWindow, count,
                Math.max(0, interval - statedInterval), Math.max(0, stretchedWindow - stated.windowNanos()),
                Math.max(1, statedInterval), Math.max(1, stated.burst()));
    }

    private static long ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        BigInteger q = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return q.bitLength() < 63 ? q.longValue() : Long.MAX_VALUE;
    }

    /** GCRA tolerance (B - 1) * T. */
    long tolerance() {
        return Saturating.multiply(burst - 1, interval);
    }
}
