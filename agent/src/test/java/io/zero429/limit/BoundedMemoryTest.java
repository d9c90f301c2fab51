package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 §4: memory follows the keys and paths in active use, not all those ever seen. Counts are asserted exactly
 * (fake clock); the heap figure is a generous bound on what stays reachable after a full GC.
 */
class BoundedMemoryTest {
    private static final int PARTITION_KEYS = 100_000;
    private static final int PATHS = 1_000_000;
    private static final int SWEEP_THRESHOLD = LimiterPool.DEFAULT_PARTITION_SWEEP_THRESHOLD;
    /** Retained heap allowed for everything the agent keeps after the traffic below: a sweep's worth of partitions. */
    private static final long RETAINED_BOUND_BYTES = 16L << 20;

    @Test
    void aHundredThousandKeysAndAMillionPathsLeaveABoundedFootprint() throws Exception {
        RulesConfig config = RulesParser.parse("memory.properties", String.join("\n",
                "limiter.per-key.limits = 10/s burst 10, 600/m",
                "rule.keyed.match = api.example.com/v1/**",
                "rule.keyed.limiter = per-key",
                "rule.keyed.key = header:X-Api-Key"));
        FakeClock clock = new FakeClock();
        long before = retainedHeap();
        LimiterPool pool = new LimiterPool(config.limiters(), clock, NO_RANDOM, SWEEP_THRESHOLD);
        int most = 0;
        for (int key = 0; key < PARTITION_KEYS; key++) {
            // One request per key, a millisecond apart: each key's partition is idle again a minute later.
            assertTrue(pool.partition("per-key", key * 0x9E3779B97F4A7C15L).tryAcquire(1));
            clock.advance(MS);
            most = Math.max(most, pool.partitionCount());
        }
        // A partition becomes idle once its 600/m window has refilled (60 s = 60,000 keys here), and idle ones are
        // swept every SWEEP_THRESHOLD creations: never more than a minute of keys plus one sweep's worth.
        assertTrue(most <= 60_000 + SWEEP_THRESHOLD, "partitions at most " + most);
        for (int path = 0; path < PATHS; path++) {
            assertNotNull(config.match("GET", "api.example.com", 443, "/v1/orders/" + path + "?id=" + path));
        }
        clock.advance(2 * 60 * SECOND);
        pool.sweepIdle();
        assertEquals(0, pool.partitionCount(), "every idle partition dropped");
        long retained = retainedHeap() - before;
        assertTrue(retained < RETAINED_BOUND_BYTES, "retained " + retained / 1024 + " KB");
    }

    /** Heap in use after the collector had every chance to clear garbage. */
    private static long retainedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
