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

/**
 * The server's own count of what is left (issue 5, server sync): adopted when it is lower than the limiter believes,
 * with the requests still in flight taken off; never a reason to go faster.
 */
class ServerCountsTest {
    private final FakeClock clock = new FakeClock();

    /** Without the rate adjuster, so that the counts below are the sync alone. */
    private Limiter limiter(LimitSpec limit) {
        return new Limiter(exact("l", limit).adjuster(AdjusterSpec.OFF).build(), clock, NO_RANDOM);
    }

    /** How many of {@code count} requests arriving now may leave at once. */
    private int leavingNow(Limiter limiter, int count) throws Exception {
        int now = 0;
        for (int i = 0; i < count; i++) {
            if (limiter.reserve(1) == clock.nanoTime()) {
                now++;
            }
        }
        return now;
    }

    @Test
    void aBucketLevelLowerThanBelievedIsSharedAndSlowsTheRate() throws Exception {
        Limiter limiter = limiter(limit(10, SECOND, 10));
        long sent = limiter.reserve(1);
        clock.advance(2 * MS);
        // The limiter believes 9 are left; the server says 3: another client spent 6, and will spend some of the 3.
        assertTrue(limiter.serverBucketLevel(sent, 1, 3));
        assertEquals(1, leavingNow(limiter, 1), "half of what is left");
        long next = limiter.reserve(1) - clock.nanoTime();
        assertTrue(next > 90 * MS && next <= 100 * MS, "then one per interval: " + next);
        assertEquals(1, limiter.serverCorrections());
    }

    @Test
    void aClearlyLowerBucketLevelIsALimitSignal() throws Exception {
        Limiter limiter = new Limiter(exact("l", limit(10, SECOND, 10)).build(), clock, NO_RANDOM);
        long sent = limiter.reserve(1);
        clock.advance(2 * MS);
        limiter.serverBucketLevel(sent, 1, 3);
        assertEquals(0.8, limiter.rateRatio(), 1e-9, "another client shares the budget: the adjuster lowers the rate");
    }

    @Test
    void aBucketLevelAsBelievedOrHigherChangesNothing() throws Exception {
        Limiter limiter = limiter(limit(10, SECOND, 10));
        long sent = limiter.reserve(1);
        clock.advance(2 * MS);
        assertFalse(limiter.serverBucketLevel(sent, 1, 9));
        assertFalse(limiter.serverBucketLevel(sent, 1, 8), "one less is the server rounding down, not sharing");
        assertFalse(limiter.serverBucketLevel(sent, 1, 7), "two less may be rounding and an earlier late arrival");
        assertFalse(limiter.serverBucketLevel(sent, 1, 10));
        assertEquals(9, leavingNow(limiter, 12));
        assertEquals(1.0, limiter.rateRatio());
        assertEquals(0, limiter.serverCorrections());
    }

    @Test
    void requestsStillInFlightAreTakenOffTheServersCount() throws Exception {
        Limiter alone = limiter(limit(10, SECOND, 10));
        long first = alone.reserve(1);
        assertEquals(4, leavingNow(alone, 4));
        clock.advance(2 * MS);
        // Nobody else: the server counted the first (9 left); the 4 behind it are on their way.
        assertFalse(alone.serverBucketLevel(first, 1, 9));
        assertEquals(5, leavingNow(alone, 8));

        Limiter shared = limiter(limit(10, SECOND, 10));
        long sent = shared.reserve(1);
        assertEquals(4, leavingNow(shared, 4));
        clock.advance(2 * MS);
        // The server says 6 after the first: 4 more of ours will land, so 2 are left, 3 fewer than the 5 the limiter
        // believes (two fewer could be rounding and lateness): another client; the limiter counts on half of the 2.
        assertTrue(shared.serverBucketLevel(sent, 1, 6));
        assertEquals(1, leavingNow(shared, 3));
    }

    @Test
    void aSlotGivenBackIsNotCountedAsSpentInTheBucket() throws Exception {
        Limiter limiter = limiter(limit(10, SECOND, 10));
        long sent = limiter.reserve(1);
        assertEquals(3, leavingNow(limiter, 3));
        assertTrue(limiter.giveBack(clock.nanoTime(), 1), "an interrupted waiter gives its slot back");
        clock.advance(2 * MS);
        // Besides the first, two of ours left and are in flight: alone, the server would say 9 after the first, 7 once
        // those land. It says 6: 4 once ours land, 3 fewer, so somebody else spends it too. Had the given-back slot
        // still counted as spent (6 once landed), 4 would have been within rounding and lateness.
        assertTrue(limiter.serverBucketLevel(sent, 1, 6));
    }

    @Test
    void aServerBudgetHoldsRequestsUntilItsReset() throws Exception {
        Limiter limiter = limiter(limit(100, SECOND, 100));
        long sent = limiter.reserve(1);
        clock.advance(MS);
        assertFalse(limiter.serverBudget(sent, 1, 2, 5 * SECOND));
        assertEquals(2, leavingNow(limiter, 2));
        long wait = limiter.reserve(1) - clock.nanoTime();
        assertEquals(5 * SECOND, wait, "the third waits for the server's reset");
    }

    @Test
    void aServerBudgetCountsTheRequestsInFlight() throws Exception {
        Limiter limiter = limiter(limit(100, SECOND, 100));
        long sent = limiter.reserve(1);
        assertEquals(2, leavingNow(limiter, 2));
        clock.advance(MS);
        assertTrue(limiter.serverBudget(sent, 1, 2, 3 * SECOND), "2 left, 2 on their way: nothing left");
        assertEquals(3 * SECOND, limiter.reserve(1) - clock.nanoTime());
        assertEquals(1, limiter.serverCorrections());
    }

    @Test
    void aGenerousServerBudgetNeverSpeedsTheLimiterUp() throws Exception {
        Limiter limiter = limiter(limit(1, SECOND, 1));
        long sent = limiter.reserve(1);
        clock.advance(MS);
        limiter.serverBudget(sent, 1, 1000, 60 * SECOND);
        limiter.serverBucketLevel(sent, 1, 1000);
        assertEquals(SECOND - MS, limiter.reserve(1) - clock.nanoTime(), "its own limit still applies");
    }

    @Test
    void recentDeparturesCountUnitsAtOrAfterADeparture() {
        RecentDepartures recent = new RecentDepartures();
        for (int i = 0; i < 10; i++) {
            recent.add(i * MS, 2, 0);
        }
        assertEquals(8, recent.unitsSince(6 * MS, 0), "departures 6..9, 2 units each");
        assertEquals(6, recent.unitsSince(6 * MS, 2), "less the reported request's own cost");
        assertEquals(0, recent.unitsSince(100 * MS, 0));
        for (int i = 10; i < 10 + RecentDepartures.SIZE; i++) {
            recent.add(i * MS, 1, 0);
        }
        assertEquals(RecentDepartures.SIZE, recent.unitsSince(0, 0),
                "beyond the ring: the units it remembers (a lower bound)");
        assertEquals(10 * MS, recent.oldest(-1));
    }

    @Test
    void aRequestSentEarlierThatMayArriveLaterIsNotInTheServersCountYet() {
        RecentDepartures recent = new RecentDepartures();
        recent.add(0, 5, ArrivalModel.MAX_LATENESS_NANOS); // a cold client's first request: may arrive up to 1 s late
        recent.add(10 * MS, 5, 5 * MS); // a warm client's, arrived by 15 ms
        recent.add(100 * MS, 5, 5 * MS); // the reported request
        recent.add(150 * MS, 5, 5 * MS);
        assertEquals(5, recent.unitsSince(100 * MS, 5), "only the one sent after it");
        assertEquals(10, recent.unitsMayArriveAfter(100 * MS, 5), "and the cold one, which may still be on its way");
        recent.add(1000 * MS, 5, LimitState.LATENESS_UNKNOWN); // sent before 1100 ms, lateness unknown
        assertEquals(5, recent.unitsMayArriveAfter(1100 * MS, 0), "a cold start's lateness counts as the most");
    }

    @Test
    void theRingGrowsOnlyWhileItHoldsLittleHistory() {
        RecentDepartures sparse = new RecentDepartures();
        for (int i = 0; i < 100; i++) {
            sparse.add(i * SECOND, 1, 0); // one request a second: a few entries cover every request in flight
        }
        assertEquals(4, sparse.capacity());
        assertEquals(3, sparse.unitsSince(97 * SECOND, 0));
        RecentDepartures busy = new RecentDepartures();
        for (int i = 0; i < 1000; i++) {
            busy.add(i * MS, 1, 0);
        }
        assertEquals(RecentDepartures.SIZE, busy.capacity());
        assertEquals(200, busy.unitsSince(800 * MS, 0), "every departure of the last 200 ms is remembered");
    }
}
