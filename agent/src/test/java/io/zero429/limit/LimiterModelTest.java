package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.DAY;
import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.ReferenceChecker.Departure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Model-based test: random limiters and random arrival sequences from several threads; every departure sequence is
 * checked by {@link ReferenceChecker} (written from the definitions, sharing no code with the engine).
 */
class LimiterModelTest {
    private static final long[] WINDOWS = {100 * MS, 250 * MS, SECOND, 2 * SECOND, 60 * SECOND};

    /** A random limiter definition. */
    private static LimiterSpec randomSpec(SplittableRandom random, int scenario) {
        LimitMode mode = random.nextInt(3) == 0 ? LimitMode.WINDOW : LimitMode.GCRA;
        LimiterSpec.Builder spec = LimiterSpec.builder("model-" + scenario).mode(mode).maxWaitNanos(DAY);
        int limits = 1 + random.nextInt(3);
        for (int i = 0; i < limits; i++) {
            long count = 1 + random.nextInt(40);
            long window = WINDOWS[random.nextInt(WINDOWS.length)];
            int burst = 1 + random.nextInt((int) count);
            spec.limit(new LimitSpec(count, window, burst));
        }
        if (random.nextBoolean()) {
            spec.marginBasisPoints(random.nextInt(500));
        }
        if (random.nextBoolean()) {
            long max = random.nextInt(6) * MS;
            spec.jitter(0, max);
        }
        return spec.build();
    }

    @Test
    void randomConcurrentArrivalsNeverViolateTheStatedLimits() throws Exception {
        SplittableRandom seeds = new SplittableRandom(429);
        int checked = 0;
        for (int scenario = 0; scenario < 150; scenario++) {
            SplittableRandom random = seeds.split();
            LimiterSpec spec = randomSpec(random, scenario);
            List<Departure> departures = runConcurrently(spec, random, 4, 60);
            for (LimitSpec limit : spec.limits()) {
                List<String> violations = ReferenceChecker.violations(departures, limit, spec.mode());
                assertEquals(List.of(), violations, "scenario " + scenario + ": " + spec);
                checked += departures.size();
            }
        }
        assertTrue(checked > 10_000, "checked " + checked + " departures");
    }

    /**
     * Threads arrive at random moments on a shared fake clock (each advances it a little before arriving) with
     * random costs, and reserve; returns every departure with its cost.
     */
    private static List<Departure> runConcurrently(LimiterSpec spec, SplittableRandom random, int threads,
            int requestsPerThread) throws Exception {
        FakeClock clock = new FakeClock(random.nextLong(-DAY, DAY));
        long seed = random.nextLong();
        // Half the scenarios with the worst case: every delayed request as late as the jitter allows.
        RandomSource jitter = random.nextBoolean() ? LimiterTestSupport.MAX_JITTER : new SeededRandom(seed);
        Limiter limiter = new Limiter(spec, clock, jitter);
        int maxCost = (int) Math.min(6, minCount(spec) + 2); // sometimes above the burst or the window's count
        long meanGap = gapForOverload(spec, random);
        List<Departure> all = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom own = random.split();
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    long previous = Long.MIN_VALUE / 2;
                    for (int i = 0; i < requestsPerThread; i++) {
                        clock.advance(own.nextLong(0, 2 * meanGap + 1));
                        long cost = 1 + own.nextInt(maxCost);
                        long departure = limiter.admission(cost).reserve(clock.nanoTime());
                        // Planned departures are FIFO; jitter may reorder actual ones by no more than itself.
                        if (departure < previous - spec.jitterMaxNanos()) {
                            throw new AssertionError("a thread's departures went backwards beyond the jitter: " + departure + " after " + previous + " " + spec);
                        }
                        previous = Math.max(previous, departure);
                        all.add(new Departure(departure, cost));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);
        return all;
    }

    private static long minCount(LimiterSpec spec) {
        long min = Long.MAX_VALUE;
        for (LimitSpec limit : spec.limits()) {
            min = Math.min(min, limit.count());
        }
        return min;
    }

    /** Mean gap between one thread's arrivals: from far below to somewhat above the binding interval. */
    private static long gapForOverload(LimiterSpec spec, SplittableRandom random) {
        long interval = 0;
        for (LimitSpec limit : spec.limits()) {
            interval = Math.max(interval, limit.windowNanos() / limit.count());
        }
        return Math.max(1, interval * (1 + random.nextInt(8)) / 8);
    }

    @Test
    void underSaturationDeparturesReachAtLeast97PercentOfTheStatedRate() throws Exception {
        SplittableRandom seeds = new SplittableRandom(97);
        for (int scenario = 0; scenario < 60; scenario++) {
            SplittableRandom random = seeds.split();
            LimitMode mode = scenario % 2 == 0 ? LimitMode.GCRA : LimitMode.WINDOW;
            long count = 1 + random.nextInt(40);
            long window = WINDOWS[random.nextInt(WINDOWS.length - 1)];
            int burst = mode == LimitMode.GCRA ? 1 + random.nextInt((int) count) : 1;
            LimitSpec stated = new LimitSpec(count, window, burst);
            // Default margin (2%); jitter the default (0-1ms) or the example file's 0-5ms.
            LimiterSpec.Builder spec = LimiterSpec.builder("saturated").mode(mode).limit(stated).maxWaitNanos(DAY);
            if (random.nextBoolean()) {
                spec.jitter(0, 5 * MS);
            }
            FakeClock clock = new FakeClock();
            Limiter limiter = new Limiter(spec.build(), clock, new SeededRandom(random.nextLong()));
            List<Departure> departures = new ArrayList<>();
            long opening = mode == LimitMode.GCRA ? burst : count;
            long requests = 30 * count + opening; // whole windows after the opening allowance
            for (int i = 0; i < requests; i++) {
                departures.add(new Departure(limiter.reserve(1), 1));
                clock.advance(random.nextLong(0, 50_000)); // arrivals far faster than any rate here
            }
            assertEquals(List.of(), ReferenceChecker.violations(departures, stated, mode));
            double achieved = sustainedRate(departures, opening);
            double allowed = count * 1e9 / window;
            assertTrue(achieved >= 0.97 * allowed, String.format(
                    "scenario %d %s %s: %.4f/s of %.4f/s (%.2f%%)", scenario, mode, stated, achieved, allowed,
                    100 * achieved / allowed));
            assertTrue(achieved <= allowed, String.format("never faster than stated: scenario %d %s %s %.4f > %.4f", scenario, mode, stated, achieved, allowed));
        }
    }

    /**
     * Units per second after the opening allowance (the burst, or a window's count), measured from the first
     * departure to the last: the rate a saturated client sustains.
     */
    private static double sustainedRate(List<Departure> departures, long openingUnits) {
        long first = departures.get(0).time;
        long last = departures.get(departures.size() - 1).time;
        long total = 0;
        for (Departure d : departures) {
            total += d.cost;
        }
        return (total - openingUnits) * 1e9 / (last - first);
    }

    @Test
    void waitTimeoutsUnderLoadReserveNothing() throws Exception {
        // The same arrivals twice: once with a tiny max-wait, once with none. Every request the first run served
        // left at the time the second run would give a request arriving then, because refusals leave no trace.
        LimitSpec stated = new LimitSpec(5, SECOND, 2);
        FakeClock clock = new FakeClock();
        Limiter strict = new Limiter(LimiterTestSupport.exact("strict", stated).maxWaitNanos(300 * MS).build(),
                clock, LimiterTestSupport.NO_RANDOM);
        Random random = new Random(5);
        List<Departure> served = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            clock.advance(random.nextInt(250) * MS);
            try {
                served.add(new Departure(strict.reserve(1), 1));
            } catch (Zero429WaitTimeoutException e) {
                refused++;
                assertTrue(e.waitNanos() > 300 * MS);
            }
        }
        assertTrue(refused > 0 && !served.isEmpty(), "refused " + refused);
        assertEquals(List.of(), ReferenceChecker.violations(served, stated, LimitMode.GCRA));
    }

    /** A deterministic jitter source (the engine's default is ThreadLocalRandom). */
    static final class SeededRandom implements RandomSource {
        private final SplittableRandom random;

        SeededRandom(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public synchronized long between(long min, long max) {
            return max <= min ? min : random.nextLong(min, max + 1);
        }
    }
}
