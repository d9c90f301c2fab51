package io.zero429.limit;

import java.util.concurrent.ThreadLocalRandom;

/** Where jitter comes from; tests inject a seeded one. */
public interface RandomSource {
    /** A uniformly distributed value in [min, max]. */
    long between(long min, long max);

    RandomSource THREAD_LOCAL = (min, max) -> max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
}
