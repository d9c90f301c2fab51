package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitHistogramTest {
    private static long ms(long n) {
        return TimeUnit.MILLISECONDS.toNanos(n);
    }

    @Test
    void boundsAreInclusiveAndEverythingAboveSixtySecondsOverflows() {
        assertEquals(0, WaitHistogram.bucketOf(0));
        assertEquals(0, WaitHistogram.bucketOf(WaitHistogram.DELAY_THRESHOLD_NANOS));
        assertEquals(1, WaitHistogram.bucketOf(WaitHistogram.DELAY_THRESHOLD_NANOS + 1));
        assertEquals(1, WaitHistogram.bucketOf(ms(1)));
        assertEquals(WaitHistogram.BOUNDS_NANOS.length - 1, WaitHistogram.bucketOf(TimeUnit.SECONDS.toNanos(60)));
        assertEquals(WaitHistogram.BOUNDS_NANOS.length, WaitHistogram.bucketOf(TimeUnit.SECONDS.toNanos(61)));
    }

    @Test
    void percentilesAreBucketBoundsCappedByTheExactMaximum() {
        WaitHistogram h = new WaitHistogram();
        for (int i = 0; i < 90; i++) {
            h.record(0);
        }
        for (int i = 0; i < 9; i++) {
            h.record(ms(30)); // bucket (25 ms, 50 ms]
        }
        h.record(ms(70)); // bucket (50 ms, 100 ms]
        WaitHistogram.Snapshot s = h.snapshot();
        assertEquals(100, s.count());
        assertEquals(10, s.delayed());
        assertEquals(0, s.quantileNanos(0.50));
        assertEquals(ms(50), s.quantileNanos(0.95));
        assertEquals(ms(50), s.quantileNanos(0.99));
        assertEquals(ms(70), s.quantileNanos(1.0), "the last bucket's bound (100 ms) is capped by the maximum");
        assertEquals(ms(70), s.maxNanos());
        assertEquals(ms(9 * 30 + 70), s.sumNanos());
    }

    @Test
    void anOverflowingWaitReportsTheMaximum() {
        WaitHistogram h = new WaitHistogram();
        h.record(TimeUnit.SECONDS.toNanos(90));
        assertEquals(TimeUnit.SECONDS.toNanos(90), h.snapshot().quantileNanos(0.5));
    }

    @Test
    void negativeWaitsCountAsNoWaitAndAnEmptyHistogramSaysZero() {
        WaitHistogram h = new WaitHistogram();
        assertEquals(0, h.snapshot().quantileNanos(0.99));
        h.record(-5);
        assertEquals(1, h.snapshot().count());
        assertEquals(0, h.snapshot().delayed());
        assertEquals(0, h.snapshot().sumNanos());
    }

    @Test
    void snapshotsAddAndSubtract() {
        WaitHistogram a = new WaitHistogram();
        a.record(ms(3));
        WaitHistogram.Snapshot before = a.snapshot();
        a.record(ms(200));
        WaitHistogram b = new WaitHistogram();
        b.record(0);
        WaitHistogram.Snapshot since = a.snapshot().minus(before);
        assertEquals(1, since.count());
        assertEquals(ms(200), since.sumNanos());
        WaitHistogram.Snapshot both = a.snapshot().plus(b.snapshot());
        assertEquals(3, both.count());
        assertEquals(2, both.delayed());
        assertEquals(ms(200), both.maxNanos());
    }
}
