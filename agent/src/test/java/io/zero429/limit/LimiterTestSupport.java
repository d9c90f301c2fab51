package io.zero429.limit;

import java.util.concurrent.TimeUnit;

/** Small builders shared by the engine tests. */
final class LimiterTestSupport {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    static final long DAY = TimeUnit.DAYS.toNanos(1);

    /** Jitter that always returns its maximum: the worst case for every "never closer than" property. */
    static final RandomSource MAX_JITTER = (min, max) -> max;
    static final RandomSource NO_RANDOM = (min, max) -> min;

    private LimiterTestSupport() {
    }

    static LimitSpec limit(long count, long window, int burst) {
        return new LimitSpec(count, window, burst);
    }

    /** A spec that plans exactly the stated rate: no margin, no jitter. */
    static LimiterSpec.Builder exact(String name, LimitSpec... limits) {
        LimiterSpec.Builder b = LimiterSpec.builder(name).marginBasisPoints(0).jitter(0, 0);
        for (LimitSpec l : limits) {
            b.limit(l);
        }
        return b;
    }
}
