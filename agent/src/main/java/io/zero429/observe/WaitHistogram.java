package io.zero429.observe;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long requests waited, in fixed log-spaced buckets (0.1 ms to 60 s, then overflow), with the exact sum and
 * maximum. Recording allocates nothing once warm and takes no lock: a scan of 16 bounds, two {@link LongAdder}
 * additions and, only for a new maximum, a CAS. Percentiles are read as the upper bound of the bucket they fall in
 * (capped by the exact maximum), which is what a fixed-bucket histogram can honestly say.
 */
public final class WaitHistogram {
    /** Upper bounds (inclusive) of every bucket but the last, which has none. */
    static final long[] BOUNDS_NANOS = {
        micros(100), millis(1), micros(2_500), millis(5), millis(10), millis(25), millis(50), millis(100),
        millis(250), millis(500), seconds(1), millis(2_500), seconds(5), seconds(10), seconds(30), seconds(60)};

    /**
     * A request that waited no longer than this was not delayed: the rest is the admission itself (a clock read, a
     * monitor), which a blocking client pays even when nothing waits.
     */
    public static final long DELAY_THRESHOLD_NANOS = BOUNDS_NANOS[0];

    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    public WaitHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one request that waited {@code nanos} (negative counts as 0). */
    public void record(long nanos) {
        long wait = Math.max(0, nanos);
        buckets[bucketOf(wait)].increment();
        if (wait > 0) {
            sumNanos.add(wait);
            long max = maxNanos.get();
            while (wait > max && !maxNanos.compareAndSet(max, wait)) {
                max = maxNanos.get();
            }
        }
    }

    static int bucketOf(long nanos) {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            if (nanos <= BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }

    /** A consistent-enough copy: each figure is read once (concurrent recordings may land in some and not others). */
    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(counts, sumNanos.sum(), maxNanos.get());
    }

    /** Bucket counts (not cumulative), the sum and the maximum wait, in nanoseconds. Immutable. */
    public static final class Snapshot {
        public static final Snapshot EMPTY = new Snapshot(new long[BOUNDS_NANOS.length + 1], 0, 0);

        private final long[] counts;
        private final long sumNanos;
        private final long maxNanos;

        Snapshot(long[] counts, long sumNanos, long maxNanos) {
            this.counts = counts;
            this.sumNanos = sumNanos;
            this.maxNanos = maxNanos;
        }

        /** Upper bounds of the buckets, in nanoseconds; the last bucket (overflow) has none. */
        public static long[] bounds() {
            return BOUNDS_NANOS.clone();
        }

        /** How many recordings fell in bucket {@code i} (0 .. {@link #bucketCount()} - 1; the last is overflow). */
        public long count(int i) {
            return counts[i];
        }

        public int bucketCount() {
            return counts.length;
        }

        public long count() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }

        /** Recordings above {@link #DELAY_THRESHOLD_NANOS}. */
        public long delayed() {
            return count() - counts[0];
        }

        public long sumNanos() {
            return sumNanos;
        }

        public long maxNanos() {
            return maxNanos;
        }

        /**
         * The wait at or below which a fraction {@code q} of the recordings fall: the upper bound of that bucket,
         * capped by the maximum (the maximum itself in the overflow bucket); 0 in the first bucket (not delayed) or
         * when nothing was recorded.
         */
        public long quantileNanos(double q) {
            long total = count();
            if (total == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    if (i == 0) {
                        return 0; // not delayed: what is left is the admission's own cost
                    }
                    return i < BOUNDS_NANOS.length ? Math.min(BOUNDS_NANOS[i], maxNanos) : maxNanos;
                }
            }
            return maxNanos;
        }

        /** This one plus {@code other}: the figures of two flows taken together. */
        public Snapshot plus(Snapshot other) {
            long[] sum = new long[counts.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = counts[i] + other.counts[i];
            }
            return new Snapshot(sum, sumNanos + other.sumNanos, Math.max(maxNanos, other.maxNanos));
        }

        /**
         * What was recorded since {@code earlier} (a snapshot of the same histogram). The maximum is not
         * subtractable: it stays the all-time maximum, so quantiles of the difference are capped by it.
         */
        public Snapshot minus(Snapshot earlier) {
            long[] diff = new long[counts.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = counts[i] - earlier.counts[i];
            }
            return new Snapshot(diff, sumNanos - earlier.sumNanos, maxNanos);
        }
    }

    private static long micros(long n) {
        return TimeUnit.MICROSECONDS.toNanos(n);
    }

    private static long millis(long n) {
        return TimeUnit.MILLISECONDS.toNanos(n);
    }

    private static long seconds(long n) {
        return TimeUnit.SECONDS.toNanos(n);
    }
}
