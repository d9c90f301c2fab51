package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.DAY;
import static io.zero429.limit.LimiterTestSupport.MAX_JITTER;
import static io.zero429.limit.LimiterTestSupport.MINUTE;
import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.NO_RANDOM;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.exact;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.ReferenceChecker.Departure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Section 2 of the engine issue, point by point, on a fake clock. */
class LimiterTest {
    private final FakeClock clock = new FakeClock();

    private Limiter limiter(LimiterSpec.Builder spec) {
        return new Limiter(spec.build(), clock, NO_RANDOM);
    }

    /** Reserves {@code count} requests arriving together now and returns their delays. */
    private long[] delaysOfSimultaneous(Limiter limiter, int count, long cost) throws Exception {
        long now = clock.nanoTime();
        long[] delays = new long[count];
        for (int i = 0; i < count; i++) {
            delays[i] = limiter.reserve(cost) - now;
        }
        return delays;
    }

    private static List<Long> toList(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    @Nested
    class Gcra {
        @Test
        void tenPerSecondBurstTenAdmitsTenAtOnceThenOneEvery100ms() throws Exception {
            Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
            long[] delays = delaysOfSimultaneous(limiter, 15, 1);
            for (int i = 0; i < 10; i++) {
                assertEquals(0, delays[i], "request " + i + " of the initial burst");
            }
            for (int i = 10; i < 15; i++) {
                assertEquals((i - 9) * 100 * MS, delays[i], "request " + i);
            }
        }

        @Test
        void burstOneMeansEvenlySpaced() throws Exception {
            Limiter limiter = limiter(exact("order", limit(8, SECOND, 1)));
            long[] delays = delaysOfSimultaneous(limiter, 4, 1);
            assertEquals(List.of(0L, 125 * MS, 250 * MS, 375 * MS), toList(delays));
        }

        @Test
        void intervalIsExactIntegerNanosecondsRoundedUpNeverFaster() throws Exception {
            // 3/s: T = 333,333,333.3 ns; the plan rounds up, so 3,000 requests take at least 1000 s.
            Limiter limiter = limiter(exact("thirds", limit(3, SECOND, 1)).maxWaitNanos(DAY));
            long start = clock.nanoTime();
            long last = 0;
            for (int i = 0; i < 3001; i++) {
                last = limiter.reserve(1);
            }
            long elapsed = last - start;
            assertTrue(elapsed >= 1000 * SECOND, "elapsed " + elapsed);
            assertTrue(elapsed <= 1000 * SECOND + 3000, "drift must stay under 1 ns per request: " + elapsed);
        }

        @Test
        void anIdleLimiterRefillsItsBurst() throws Exception {
            Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
            delaysOfSimultaneous(limiter, 10, 1);
            clock.advance(SECOND);
            long[] delays = delaysOfSimultaneous(limiter, 10, 1);
            assertEquals(0, delays[9], "a full second later the whole burst is back");
            assertFalse(limiter.tryAcquire(1));
        }

        @Test
        void departuresOfOneLimitConformToGcra() throws Exception {
            LimitSpec stated = limit(10, SECOND, 10);
            Limiter limiter = limiter(exact("upbit", stated));
            List<Departure> departures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                clock.advance((i % 7) * 13 * MS);
                departures.add(new Departure(limiter.reserve(1), 1));
            }
            assertEquals(List.of(), ReferenceChecker.violations(departures, stated, LimitMode.GCRA));
        }
    }

    @Nested
    class Reservation {
        @Test
        void simultaneousCallersGetOrderedDeparturesInArrivalOrder() throws Exception {
            Limiter limiter = limiter(exact("x", limit(5, SECOND, 2)));
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < 20; i++) {
                long d = limiter.reserve(1);
                assertTrue(d >= previous, "departure " + i + " earlier than the one before it");
                previous = d;
            }
        }

        @Test
        void tryAcquireRefusesWithoutReservingAnything() {
            Limiter limiter = limiter(exact("x", limit(1, SECOND, 1)));
            assertTrue(limiter.tryAcquire(1));
            assertFalse(limiter.tryAcquire(1));
            assertFalse(limiter.tryAcquire(1));
            clock.advance(SECOND);
            assertTrue(limiter.tryAcquire(1), "the refusals must not have pushed the schedule back");
            assertEquals(2, limiter.admitted(), "refusals are not counted as admitted requests");
        }

        @Test
        void acquireWaitsUntilTheReservedDeparture() throws Exception {
            Limiter limiter = limiter(exact("x", limit(2, SECOND, 1)));
            long start = clock.nanoTime();
            limiter.acquire();
            limiter.acquire();
            limiter.acquire();
            assertEquals(SECOND, clock.nanoTime() - start, "third request leaves 2 x 500 ms later");
        }
    }

    @Nested
    class SeveralLimits {
        @Test
        void departureConformsToAllLimitsAtOnce() throws Exception {
            LimitSpec perSecond = limit(10, SECOND, 10);
            LimitSpec perMinute = limit(60, MINUTE, 1);
            LimitSpec perDay = limit(100, DAY, 100);
            Limiter limiter = limiter(exact("gemini", perSecond, perMinute, perDay).maxWaitNanos(DAY));
            List<Departure> departures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                departures.add(new Departure(limiter.reserve(1), 1));
            }
            assertEquals(List.of(), ReferenceChecker.violations(departures, perSecond, LimitMode.GCRA));
            assertEquals(List.of(), ReferenceChecker.violations(departures, perMinute, LimitMode.GCRA));
            assertEquals(List.of(), ReferenceChecker.violations(departures, perDay, LimitMode.GCRA));
            // 60/m with burst 1 is the binding limit: one per second.
            assertEquals(99 * SECOND, departures.get(99).time - departures.get(0).time);
        }

        @Test
        void theEleventhRequestOfADayWaitsForTheDayLimit() throws Exception {
            Limiter limiter = limiter(exact("gemini", limit(5, MINUTE, 5), limit(10, DAY, 10))
                    .maxWaitNanos(2 * DAY));
            long start = clock.nanoTime();
            long tenth = 0;
            for (int i = 0; i < 10; i++) {
                tenth = limiter.reserve(1);
            }
            assertEquals(start + 60 * SECOND, tenth, "the minute limit spaces the first ten");
            // 10/d burst 10: the eleventh needs one day-limit interval (8640 s) after the bucket was full.
            assertEquals(start + DAY / 10, limiter.reserve(1));
        }
    }

    @Nested
    class WindowMode {
        @Test
        void neverMoreThanNInAnySlidingWindow() throws Exception {
            LimitSpec stated = limit(18, SECOND, 1);
            Limiter limiter = limiter(exact("kis", stated).mode(LimitMode.WINDOW));
            List<Departure> departures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                clock.advance((i % 5) * 7 * MS);
                departures.add(new Departure(limiter.reserve(1), 1));
            }
            assertEquals(List.of(), ReferenceChecker.violations(departures, stated, LimitMode.WINDOW));
        }

        @Test
        void lets18GoAtOnceThenTheNext18ExactlyOneWindowLater() throws Exception {
            Limiter limiter = limiter(exact("kis", limit(18, SECOND, 1)).mode(LimitMode.WINDOW));
            long[] delays = delaysOfSimultaneous(limiter, 37, 1);
            assertEquals(0, delays[17]);
            assertEquals(SECOND, delays[18]);
            assertEquals(SECOND, delays[35]);
            assertEquals(2 * SECOND, delays[36]);
        }

        @Test
        void aGcraWithTheSameNumbersWouldBreakAWindowServer() throws Exception {
            // The pitfall window mode exists for: 18/s burst 18 lets 18 + 17 = 35 into the first second.
            LimitSpec stated = limit(18, SECOND, 18);
            Limiter gcra = limiter(exact("kis-gcra", stated));
            List<Departure> departures = new ArrayList<>();
            for (int i = 0; i < 36; i++) {
                departures.add(new Departure(gcra.reserve(1), 1));
            }
            assertFalse(ReferenceChecker.violations(departures, stated, LimitMode.WINDOW).isEmpty());
        }

        @Test
        void costCountsUnitsInTheWindow() throws Exception {
            Limiter limiter = limiter(exact("w", limit(10, SECOND, 1)).mode(LimitMode.WINDOW));
            assertEquals(0, limiter.reserve(4) - clock.nanoTime());
            assertEquals(0, limiter.reserve(6) - clock.nanoTime());
            assertEquals(SECOND, limiter.reserve(1) - clock.nanoTime());
        }

        @Test
        void aRequestCostingMoreThanTheWindowWaitsForAnEmptyWindow() throws Exception {
            Limiter limiter = limiter(exact("w", limit(3, SECOND, 1)).mode(LimitMode.WINDOW));
            long start = clock.nanoTime();
            limiter.reserve(1);
            assertEquals(start + SECOND, limiter.reserve(5), "waits until the first unit left the window");
            assertEquals(start + 2 * SECOND, limiter.reserve(1), "and then the window is full for W");
        }
    }

    @Nested
    class Cost {
        @Test
        void aCostOfFiveTakesFiveUnits() throws Exception {
            Limiter limiter = limiter(exact("binance", limit(10, SECOND, 10)));
            long now = clock.nanoTime();
            assertEquals(now, limiter.reserve(5));
            assertEquals(now, limiter.reserve(5));
            assertEquals(now + 500 * MS, limiter.reserve(5), "the bucket was empty: 5 units need 5 x 100 ms");
        }

        @Test
        void aCostAboveTheBurstLeavesFromAFullBucketAndOwesTheRest() throws Exception {
            Limiter limiter = limiter(exact("binance", limit(10, SECOND, 1)));
            long now = clock.nanoTime();
            assertEquals(now, limiter.reserve(5), "a full bucket lets it go");
            assertEquals(now + 500 * MS, limiter.reserve(1), "then the next waits for the 5 units it owed");
            List<Departure> d = List.of(new Departure(now, 5), new Departure(now + 500 * MS, 1));
            assertEquals(List.of(), ReferenceChecker.violations(d, limit(10, SECOND, 1), LimitMode.GCRA));
        }
    }

    @Nested
    class MarginAndJitter {
        @Test
        void defaultMarginPlans98PercentOfTheRate() throws Exception {
            Limiter limiter = new Limiter(LimiterSpec.builder("m").limit(limit(10, SECOND, 1)).jitter(0, 0).build(),
                    clock, NO_RANDOM);
            long start = clock.nanoTime();
            long last = 0;
            for (int i = 0; i <= 98; i++) {
                last = limiter.reserve(1);
            }
            // 98 intervals of 100 ms / 0.98 = 10 s exactly (rounded up to whole nanoseconds).
            assertEquals(10 * SECOND, last - start, 98);
            assertTrue(last - start >= 10 * SECOND);
        }

        @Test
        void jitterSpreadsCallersReleasedTogetherWithinItsRange() throws Exception {
            // 18/s window: after the first 18, the next 18 are planned for the same instant, one window later.
            Limiter limiter = new Limiter(LimiterSpec.builder("kis").limit(limit(18, SECOND, 1))
                    .mode(LimitMode.WINDOW).jitter(0, 5 * MS).build(), clock, new RandomSource() {
                        private long next;

                        @Override
                        public long between(long min, long max) {
                            next = (next + 7 * MS / 10) % (max + 1); // a spread-out deterministic sequence
                            return next;
                        }
                    });
            long start = clock.nanoTime();
            long plannedWindow = (long) Math.ceil(SECOND / 0.98);
            java.util.Set<Long> moments = new java.util.TreeSet<>();
            for (int i = 0; i < 36; i++) {
                long d = limiter.reserve(1) - start;
                if (i >= 18) {
                    assertTrue(d >= plannedWindow && d <= plannedWindow + 5 * MS, "released at " + d);
                    moments.add(d);
                }
            }
            assertTrue(moments.size() >= 7, "spread over distinct moments: " + moments);
        }

        @Test
        void jitterLeavesThePlanAlone() throws Exception {
            // Max jitter on every delayed request: the 100th departure is still planned where it would be without.
            LimitSpec stated = limit(10, SECOND, 1);
            Limiter jittered = new Limiter(LimiterSpec.builder("j").limit(stated).jitter(0, 5 * MS).build(), clock,
                    MAX_JITTER);
            Limiter plain = new Limiter(LimiterSpec.builder("p").limit(stated).jitter(0, 0).build(), clock, NO_RANDOM);
            long lastJittered = 0;
            long lastPlain = 0;
            List<Departure> departures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                lastJittered = jittered.reserve(1);
                lastPlain = plain.reserve(1);
                departures.add(new Departure(lastJittered, 1));
            }
            long slack = (long) Math.ceil(100 * MS / 0.98) - 100 * MS;
            assertEquals(lastPlain + slack, lastJittered, "jitter capped at the margin's slack, 2.04 ms at 10/s");
            assertEquals(List.of(), ReferenceChecker.violations(departures, stated, LimitMode.GCRA));
        }

        @Test
        void requestsThatNeedNoWaitGetNoJitter() throws Exception {
            Limiter limiter = new Limiter(exact("x", limit(10, SECOND, 10)).jitter(1 * MS, 5 * MS).build(), clock,
                    MAX_JITTER);
            assertEquals(clock.nanoTime(), limiter.reserve(1));
        }

        @Test
        void withoutAMarginThereIsNoRoomForJitter() throws Exception {
            Limiter limiter = new Limiter(exact("x", limit(8, SECOND, 1)).jitter(1 * MS, 5 * MS).build(), clock,
                    MAX_JITTER);
            long now = clock.nanoTime();
            limiter.reserve(1);
            assertEquals(now + 125 * MS, limiter.reserve(1));
        }
    }

    @Nested
    class ColdStart {
        @Test
        void onceTheOpeningBurstIsAnsweredEachOpeningRequestCountsAsArrivedByItsAnswer() throws Exception {
            Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
            Admission admission = limiter.admission(1);
            long start = clock.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertEquals(start, admission.acquireAfterColdStart(), "the opening burst leaves at once");
            }
            // The responses come back over 50 ms (a cold client delivered some requests late). Until the last one,
            // nothing beyond the burst may be planned.
            for (int i = 0; i < 9; i++) {
                clock.advance(5 * MS);
                limiter.onResponse(start, 1);
                assertTrue(limiter.holding(clock.nanoTime()), "response " + i + " of 10");
            }
            clock.advance(5 * MS);
            limiter.onResponse(start, 1);
            assertFalse(limiter.holding(clock.nanoTime()));
            // The server's bucket started at the first arrival, by +5 ms at the latest, and the ten arrived by +50 ms:
            // its TAT is at most 5 ms + 10 intervals, so the 11th may leave at +105 ms (counting all ten at the last
            // answer would say +150 ms).
            assertEquals(start + 105 * MS, admission.acquireAfterColdStart());
            // Once only: a later response moves nothing.
            long next = admission.acquireAfterColdStart();
            assertEquals(start + 205 * MS, next);
            clock.set(next + 5 * MS);
            limiter.onResponse(next, 1);
            assertEquals(next + 100 * MS, admission.acquireAfterColdStart());
        }

        @Test
        void theOpeningBucketIsBoundedByEveryAnswerNotOnlyTheFirst() {
            ArrivalModel model = new ArrivalModel();
            for (int i = 0; i < 4; i++) {
                model.departed(0);
            }
            model.answeredCold(10 * MS, 1);
            model.answeredCold(20 * MS, 1);
            model.answeredCold(400 * MS, 1);
            assertTrue(model.answeredCold(410 * MS, 2), "the last opening answer settles it");
            // By answer: 10 + 5 units, 20 + 4, 400 + 3, 410 + 2 intervals of 100 ms: the third bounds it.
            assertEquals(700 * MS, model.openingBucketTat(100 * MS, 410 * MS, 5));
        }

        @Test
        void withoutResponsesTheHoldEndsAfterOneSecond() throws Exception {
            Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
            Admission admission = limiter.admission(1);
            long start = clock.nanoTime();
            for (int i = 0; i < 10; i++) {
                admission.acquireAfterColdStart();
            }
            assertEquals(10, limiter.committedUnits());
            // Held for the hold's second, then planned as if the opening burst had arrived as late as the model ever
            // assumes (1 s after it left): the 11th one interval after that.
            assertEquals(start + ArrivalModel.MAX_LATENESS_NANOS + 100 * MS, admission.acquireAfterColdStart());
            assertEquals(11, limiter.committedUnits(), "held, then reserved once");
        }

        @Test
        void aPlainAcquireIsNotHeld() throws Exception {
            Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
            long start = clock.nanoTime();
            for (int i = 0; i < 10; i++) {
                limiter.acquire();
            }
            assertEquals(start + 100 * MS, limiter.acquire());
        }
    }

    @Nested
    class ObserveMode {
        @Test
        void aRequestThatConformsIsCommittedAndOneThatWouldWaitIsOnlyCounted() {
            Limiter limiter = limiter(exact("observed", limit(1, SECOND, 1)).maxWaitNanos(10 * MS));
            Admission admission = limiter.admission(1);
            assertEquals(0, admission.observe());
            assertEquals(SECOND, admission.observe(), "would have waited a second (no max-wait failure)");
            assertEquals(SECOND, admission.observe(), "nothing was committed for the request that went anyway");
            assertEquals(1, limiter.admitted());
            assertEquals(2, limiter.observedDelays());
            clock.advance(SECOND);
            assertEquals(0, admission.observe());
            assertEquals(2, limiter.admitted());
        }
    }

    @Nested
    class MaxWait {
        @Test
        void aRequestThatWouldWaitTooLongFailsAtOnceAndReservesNothing() throws Exception {
            Limiter limiter = limiter(exact("gemini", limit(5, MINUTE, 1)).maxWaitNanos(10 * SECOND));
            long start = clock.nanoTime();
            limiter.reserve(1);
            Zero429WaitTimeoutException e = assertThrows(Zero429WaitTimeoutException.class,
                    () -> limiter.reserve(1));
            assertEquals("gemini", e.limiter());
            assertEquals(12 * SECOND, e.waitNanos());
            clock.advance(3 * SECOND);
            assertEquals(start + 12 * SECOND, limiter.reserve(1),
                    "the refused request must have left no trace in the schedule");
        }

        @Test
        void theMessageNamesTheLimiterItsLimitsAndTheWait() throws Exception {
            Limiter limiter = limiter(exact("gemini", limit(5, MINUTE, 1), limit(100, DAY, 1))
                    .maxWaitNanos(30 * SECOND));
            limiter.reserve(1);
            Zero429WaitTimeoutException e = assertThrows(Zero429WaitTimeoutException.class,
                    () -> limiter.reserve(1));
            String message = e.getMessage();
            assertTrue(message.contains("'gemini'"), message);
            assertTrue(message.contains("5/m, 100/d"), message);
            assertTrue(message.contains("14.4m"), message); // 100/d with burst 1: 864 s
            assertTrue(message.contains("30s"), message);
            assertTrue(e instanceof java.io.IOException);
        }
    }
}
