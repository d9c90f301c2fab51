package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Point 8: the dynamic adjuster and pauses, entirely driven by the fake clock. */
class AdjusterTest {
    private final FakeClock clock = new FakeClock();

    private Limiter limiter(LimiterSpec.Builder spec) {
        return new Limiter(spec.build(), clock, NO_RANDOM);
    }

    private Limiter upbit() {
        return limiter(exact("upbit-market", limit(10, SECOND, 10)));
    }

    @Test
    void oneSignalCutsTheRatioTo80Percent() {
        Limiter limiter = upbit();
        assertEquals(1.0, limiter.rateRatio());
        limiter.onLimitSignal(clock.nanoTime(), 0);
        assertEquals(0.8, limiter.rateRatio(), 1e-9);
    }

    @Test
    void theRatioNeverGoesBelowTheFloor() {
        Limiter limiter = upbit();
        for (int i = 0; i < 10; i++) {
            clock.advance(SECOND);
            limiter.onLimitSignal(clock.nanoTime(), 0);
        }
        assertEquals(0.5, limiter.rateRatio(), 1e-9);
    }

    @Test
    void aCutSlowsTheScheduleAndShrinksTheBurst() throws Exception {
        Limiter limiter = upbit();
        limiter.onLimitSignal(clock.nanoTime(), 0);
        long now = clock.nanoTime();
        long[] delays = new long[10];
        for (int i = 0; i < 10; i++) {
            delays[i] = limiter.reserve(1) - now;
        }
        assertEquals(0, delays[7], "burst 10 x 0.8 = 8 leave at once");
        assertEquals(125 * MS, delays[8], "then one every 100 ms / 0.8");
        assertEquals(250 * MS, delays[9]);
    }

    @Test
    void aCutShrinksWhatAWindowModeLimiterLetsIntoAnyWindow() throws Exception {
        // KIS allows 18 in any second; a limiter set to 30/s learns it from the server's refusals (EGW00201). A cut
        // that only stretched the window would still send 30 together and be refused 12 of them every time.
        Limiter limiter = limiter(exact("kis", limit(30, SECOND, 1)).mode(LimitMode.WINDOW));
        for (int i = 0; i < 3; i++) {
            limiter.onLimitSignal(clock.nanoTime(), 0);
            clock.advance(MS);
        }
        assertEquals(0.512, limiter.rateRatio(), 1e-9);
        long now = clock.nanoTime();
        long[] departures = new long[46];
        for (int i = 0; i < departures.length; i++) {
            departures[i] = limiter.reserve(1) - now;
        }
        assertEquals(0, departures[14], "30 x 0.512 = 15 leave at once");
        assertEquals(SECOND, departures[15], "the 16th a window after the first");
        assertEquals(2 * SECOND, departures[30]);
        assertEquals(3 * SECOND, departures[45]);
        for (int i = 15; i < departures.length; i++) {
            assertTrue(departures[i] - departures[i - 15] >= SECOND, "never more than 15 in any second: " + i);
        }
    }

    @Test
    void thresholdCountsSignalsWithinTheWindow() {
        Limiter limiter = limiter(exact("x", limit(10, SECOND, 1))
                .adjuster(AdjusterSpec.DEFAULT.withThreshold(2)));
        limiter.onLimitSignal(clock.nanoTime(), 0);
        assertEquals(1.0, limiter.rateRatio(), "one signal is not enough");
        clock.advance(61 * SECOND);
        limiter.onLimitSignal(clock.nanoTime(), 0);
        assertEquals(1.0, limiter.rateRatio(), "two signals 61 s apart are not within 60 s");
        clock.advance(59 * SECOND);
        limiter.onLimitSignal(clock.nanoTime(), 0);
        assertEquals(0.8, limiter.rateRatio(), 1e-9);
    }

    @Test
    void recoversByFivePointsEvery30sAfter300sQuiet() {
        Limiter limiter = upbit();
        limiter.onLimitSignal(clock.nanoTime(), 0);
        clock.advance(329 * SECOND);
        assertEquals(0.80, limiter.rateRatio(), 1e-9, "still cut just before the first step");
        clock.advance(SECOND);
        assertEquals(0.85, limiter.rateRatio(), 1e-9, "first step at 300 s quiet + 30 s");
        clock.advance(30 * SECOND);
        assertEquals(0.90, limiter.rateRatio(), 1e-9);
        clock.advance(600 * SECOND);
        assertEquals(1.0, limiter.rateRatio(), 1e-9, "never above 1.0");
    }

    @Test
    void aSignalDuringRecoveryCutsFromTheRecoveredRatioAndRestartsTheQuietPeriod() {
        Limiter limiter = upbit();
        limiter.onLimitSignal(clock.nanoTime(), 0);
        clock.advance(360 * SECOND); // two steps: 0.9
        limiter.onLimitSignal(clock.nanoTime(), 0);
        assertEquals(0.72, limiter.rateRatio(), 1e-9);
        clock.advance(329 * SECOND);
        assertEquals(0.72, limiter.rateRatio(), 1e-9);
    }

    @Test
    void responsesToRequestsSentBeforeTheCutDoNotCutAgain() {
        Limiter limiter = upbit();
        long sentTogether = clock.nanoTime();
        clock.advance(50 * MS);
        // Five requests in flight come back 429 together: one overload, one cut.
        for (int i = 0; i < 5; i++) {
            limiter.onLimitSignal(sentTogether, 0);
        }
        assertEquals(0.8, limiter.rateRatio(), 1e-9);
        clock.advance(SECOND);
        limiter.onLimitSignal(clock.nanoTime() - 10 * MS, 0);
        assertEquals(0.64, limiter.rateRatio(), 1e-9, "a request sent after the cut that is still limited cuts again");
    }

    @Test
    void adjusterOffKeepsTheRatio() {
        Limiter limiter = limiter(exact("x", limit(10, SECOND, 1)).adjuster(AdjusterSpec.OFF));
        limiter.onLimitSignal(clock.nanoTime(), 0);
        assertEquals(1.0, limiter.rateRatio());
    }

    @Test
    void retryAfterPausesTheWholeLimiter() throws Exception {
        Limiter limiter = limiter(exact("x", limit(10, SECOND, 10)).adjuster(AdjusterSpec.OFF));
        long now = clock.nanoTime();
        limiter.onLimitSignal(now, 2 * SECOND);
        assertFalse(limiter.tryAcquire(1));
        assertEquals(now + 2 * SECOND, limiter.reserve(1));
    }

    @Test
    void aWaiterReservedBeforeAPauseLeavesOnlyAfterIt() throws Exception {
        // The waiter's clock delivers a Retry-After while it sleeps towards its departure.
        long[] signalledAt = new long[1];
        Clock pausingClock = new Clock() {
            private boolean signalled;

            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) {
                if (!signalled) {
                    signalled = true;
                    signalledAt[0] = clock.nanoTime();
                    pausedLimiter[0].onLimitSignal(clock.nanoTime(), 3 * SECOND);
                }
                clock.sleepUntil(deadline);
            }
        };
        pausedLimiter[0] = new Limiter(exact("x", limit(1, SECOND, 1)).adjuster(AdjusterSpec.OFF).build(),
                pausingClock, NO_RANDOM);
        pausedLimiter[0].tryAcquire(1);
        pausedLimiter[0].acquire(); // reserved for +1 s, then the pause arrives
        assertTrue(clock.nanoTime() >= signalledAt[0] + 3 * SECOND,
                "left at " + (clock.nanoTime() - signalledAt[0]) + " ns after a 3 s Retry-After");
    }

    private final Limiter[] pausedLimiter = new Limiter[1];

    @Test
    void everythingIsDerivedFromTheClockWithoutAThread() {
        int threadsBefore = Thread.activeCount();
        Limiter limiter = upbit();
        limiter.onLimitSignal(clock.nanoTime(), SECOND);
        clock.advance(3600 * SECOND);
        assertEquals(1.0, limiter.rateRatio());
        assertEquals(threadsBefore, Thread.activeCount());
    }
}
