package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Requests that reach the server later than planned (a GC pause between departure and write): limits whose only
 * tolerance is the margin's slack space departures by the lateness the departure-to-response times show.
 */
class LatenessTest {
    private static Limiter window(FakeClock clock) {
        // 18 in any second, window mode, default 2% margin: 20.4 ms of slack per window.
        return new Limiter(LimiterSpec.builder("kis").limit(limit(18, SECOND, 1)).mode(LimitMode.WINDOW)
                .jitter(0, 0).build(), clock, NO_RANDOM);
    }

    /** Sends {@code count} requests one after the other, each answered {@code trip} after it left. */
    private static void answered(Limiter limiter, FakeClock clock, int count, long trip) throws Exception {
        for (int i = 0; i < count; i++) {
            long departure = limiter.acquire();
            clock.set(departure + trip);
            limiter.onResponse(departure);
        }
    }

    @Test
    void theSpreadIsTheSlowestLessTheFastestTripOfTheLastPeriods() {
        TripSpread spread = new TripSpread();
        spread.record(0, 2 * MS);
        spread.record(10 * MS, 12 * MS);
        assertEquals(0, spread.spread(), "steady trips");
        spread.record(20 * MS, 72 * MS);
        assertEquals(50 * MS, spread.spread());
        spread.record(TripSpread.PERIOD_NANOS + 100 * MS, TripSpread.PERIOD_NANOS + 102 * MS);
        assertEquals(50 * MS, spread.spread(), "still remembered in the next period");
        spread.record(3 * TripSpread.PERIOD_NANOS, 3 * TripSpread.PERIOD_NANOS + 2 * MS);
        assertEquals(0, spread.spread(), "forgotten after two periods");
    }

    @Test
    void aRequestAnsweredLateWidensTheWindowByWhatExceedsTheSlack() throws Exception {
        FakeClock steadyClock = new FakeClock();
        FakeClock pausedClock = new FakeClock();
        Limiter steady = window(steadyClock);
        Limiter paused = window(pausedClock);
        answered(steady, steadyClock, 18, 0);
        answered(paused, pausedClock, 17, 0);
        answered(paused, pausedClock, 1, 50 * MS); // it left 50 ms late: a GC pause before the write
        steadyClock.set(pausedClock.nanoTime());
        long now = pausedClock.nanoTime();
        long extra = (paused.reserve(1) - now) - (steady.reserve(1) - now);
        // 50 ms of spread, less the 20.4 ms the margin's stretch of the window already leaves.
        assertEquals(50 * MS - (SECOND * 100 / 98 - SECOND), extra, MS / 100);
    }

    @Test
    void aGcraLimitIsNotWidenedItWouldCostAFastLimitMuchOfItsRate() throws Exception {
        FakeClock steadyClock = new FakeClock();
        FakeClock pausedClock = new FakeClock();
        // 100/s burst 1 (the demo's Binance weight): widening its 10 ms intervals by a 50 ms spread would cost most of it.
        Limiter steady = new Limiter(LimiterSpec.builder("b").limit(limit(100, SECOND, 1)).jitter(0, 0).build(),
                steadyClock, NO_RANDOM);
        Limiter paused = new Limiter(LimiterSpec.builder("b").limit(limit(100, SECOND, 1)).jitter(0, 0).build(),
                pausedClock, NO_RANDOM);
        answered(steady, steadyClock, 10, 0);
        answered(paused, pausedClock, 9, 0);
        answered(paused, pausedClock, 1, 50 * MS);
        steadyClock.set(pausedClock.nanoTime());
        long now = pausedClock.nanoTime();
        assertEquals(steady.reserve(1) - now, paused.reserve(1) - now);
    }
}
