package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Two processes that share one server bucket (Upbit's per-IP 10/s burst 10), each with its own limiter of the same
 * stated limit: {@link Limiter#serverBucketLevel} must keep the server from ever answering 429 when each one's
 * paced demand is below the limit but both together are above it, and must never take a lone limiter for a shared
 * one. Round trips of 2-20 ms, several fixed seeds.
 */
class SharedServerBucketTest {
    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

    private static Limiter upbit(FakeClock clock) {
        // The shipped defaults: margin 2%, adjuster cut x0.8 per signal down to 0.5.
        return new Limiter(LimiterSpec.builder("upbit-ticker").limit(new LimitSpec(10, SECOND, 10)).jitter(0, 0)
                .build(), clock, NO_RANDOM);
    }

    private static ServerBucketSimulation twoProcesses(long seed, boolean sync, Limiter[] limiters)
            throws Exception {
        ServerBucketSimulation sim = new ServerBucketSimulation(10, SECOND, 10, seed, 10 * MS);
        limiters[0] = upbit(sim.clock());
        limiters[1] = upbit(sim.clock());
        sim.client(limiters[0], 0, SECOND / 7, sync);
        sim.client(limiters[1], 1500 * MS, SECOND / 7, sync);
        sim.countAcceptedFrom(5 * SECOND);
        sim.run(20 * SECOND);
        return sim;
    }

    @Test
    void twoProcessesPacedBelowTheLimitButAboveItTogetherGetNo429AndShareTheRate() throws Exception {
        for (long seed : SEEDS) {
            Limiter[] limiters = new Limiter[2];
            ServerBucketSimulation sim = twoProcesses(seed, true, limiters);
            assertEquals(0, sim.limited, "429s with seed " + seed);
            // From 5 s on, both at their cut rate: together at least 90% of the server's 10/s.
            assertTrue(sim.acceptedLate >= 0.9 * 10 * 15, "accepted " + sim.acceptedLate + " in 15 s, seed " + seed);
            for (Limiter limiter : limiters) {
                assertTrue(limiter.serverCorrections() > 0 && limiter.rateRatio() < 0.6,
                        "the other process was seen: corrections " + limiter.serverCorrections() + ", ratio "
                                + limiter.rateRatio());
            }
        }
    }

    @Test
    void withoutTheServerLevelTheSameTwoProcessesGet429() throws Exception {
        for (long seed : SEEDS) {
            ServerBucketSimulation sim = twoProcesses(seed, false, new Limiter[2]);
            assertTrue(sim.limited > 0, "no 429 without header sync, seed " + seed);
        }
    }

    @Test
    void aLimiterWhoseRateWasCutStillSeesTheOtherProcess() throws Exception {
        // Compared with its own slowed plan, a server level looks normal once the plan is slow enough; compared with
        // the bucket as it would be had only this limiter spent it, it does not.
        ServerBucketSimulation sim = new ServerBucketSimulation(10, SECOND, 10, 1, 10 * MS);
        Limiter cut = upbit(sim.clock());
        for (int i = 0; i < 3; i++) {
            cut.onLimitSignal(sim.clock().nanoTime() + i, 0);
            sim.clock().advance(MS);
        }
        Limiter other = upbit(sim.clock());
        sim.client(cut, 0, SECOND / 7, true);
        sim.client(other, 0, SECOND / 7, false);
        sim.run(10 * SECOND);
        assertTrue(cut.rateRatio() <= 0.5, "ratio " + cut.rateRatio());
        assertTrue(cut.serverCorrections() > 10, "corrections " + cut.serverCorrections());
    }

    @Test
    void aLoneLimiterAboveItsDemandIsNeverTakenForASharedOne() throws Exception {
        for (long seed : SEEDS) {
            ServerBucketSimulation sim = new ServerBucketSimulation(10, SECOND, 10, seed, 10 * MS);
            Limiter alone = upbit(sim.clock());
            // Three threads at 5/s each: 15/s of demand, saturating the limiter for 20 s.
            for (int i = 0; i < 3; i++) {
                sim.client(alone, i * 66 * MS, SECOND / 5, true);
            }
            sim.run(20 * SECOND);
            assertEquals(0, sim.limited, "429s with seed " + seed);
            assertEquals(0, alone.serverCorrections(), "corrections with seed " + seed);
            assertEquals(1.0, alone.rateRatio(), "ratio with seed " + seed);
            assertTrue(sim.accepted >= 10 + 0.97 * 9.8 * 20 - 1, "accepted " + sim.accepted);
        }
    }
}
