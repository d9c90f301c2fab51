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

/** The server counts a request when it arrives: between its departure and the start of its response. */
class ArrivalModelTest {
    private final FakeClock clock = new FakeClock();

    private Limiter limiter(LimiterSpec.Builder spec) {
        return new Limiter(spec.build(), clock, NO_RANDOM);
    }

    /** A window of one request per second that learned {@code lateness} from one answer and then stood idle. */
    private Limiter windowOfOneThatLearned(long lateness) throws Exception {
        Limiter limiter = limiter(exact("kis", limit(1, SECOND, 1)).mode(LimitMode.WINDOW));
        answered(limiter, lateness);
        clock.advance(5 * SECOND);
        return limiter;
    }

    /** Reserves as a hook does (its answer will come); fails if the request is held instead. */
    private long sent(Limiter limiter) throws Exception {
        long departure = limiter.admission(1).reserveAfterColdStart(clock.nanoTime());
        assertTrue(departure != Admission.AWAIT_OPENING_ANSWERS, "not held");
        return departure;
    }

    /** Sends one request and answers it {@code trip} after it left; returns its departure. */
    private long answered(Limiter limiter, long trip) throws Exception {
        long departure = limiter.admission(1).acquireAfterColdStart(); // as a hook sends it: its answer will come
        clock.set(departure + trip);
        limiter.onResponse(departure, 1);
        return departure;
    }

    @Test
    void latenessIsTheLongestTripOfTheLastPeriodsAndTheMostBeforeAnyAnswer() {
        ArrivalModel model = new ArrivalModel();
        assertEquals(ArrivalModel.MAX_LATENESS_NANOS, model.lateness(), "nothing learned yet: the most");
        model.trip(0, 2 * MS, Admission.ONE_CLIENT);
        model.trip(10 * MS, 12 * MS, Admission.ONE_CLIENT);
        assertEquals(2 * MS, model.lateness());
        model.trip(20 * MS, 72 * MS, Admission.ONE_CLIENT);
        assertEquals(52 * MS, model.lateness(), "a request answered late (a new connection) may arrive that late");
        long next = ArrivalModel.PERIOD_NANOS + 100 * MS;
        model.trip(next, next + 3 * MS, Admission.ONE_CLIENT);
        assertEquals(52 * MS, model.lateness(), "still remembered in the next period");
        long later = 10 * ArrivalModel.PERIOD_NANOS;
        model.trip(later, later + 3 * MS, Admission.ONE_CLIENT);
        assertEquals(3 * MS, model.lateness(), "forgotten once a later period with answers has passed");
        model.trip(later + 5 * MS, later + 5 * MS + 5 * SECOND, Admission.ONE_CLIENT);
        assertEquals(ArrivalModel.MAX_LATENESS_NANOS, model.lateness(), "capped: a slow answer is the server working");
    }

    @Test
    void aPeriodWithoutAnswersKeepsWhatTheLastOneTaught() {
        ArrivalModel model = new ArrivalModel();
        model.trip(0, 40 * MS, Admission.ONE_CLIENT);
        long afterAPause = 20 * ArrivalModel.PERIOD_NANOS;
        model.trip(afterAPause, afterAPause + 1 * MS, Admission.ONE_CLIENT);
        assertEquals(40 * MS, model.lateness(), "the period before the pause still counts: the next one may need a new "
                + "connection");
    }

    /**
     * A full bucket of 10/s burst 10: the burst leaves now, the 11th {@code lateness} and an interval later (the
     * burst's first request may start the server's bucket that late), then one every interval, no lateness added.
     */
    private void assertBurstThenFullRate(Limiter limiter, long lateness, String eleventh) throws Exception {
        assertBurstThenFullRate(limiter, Admission.ONE_CLIENT, lateness, eleventh);
    }

    private void assertBurstThenFullRate(Limiter limiter, int client, long lateness, String eleventh)
            throws Exception {
        long start = clock.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertEquals(start, sent(limiter, client), "the burst leaves at once");
        }
        long previous = sent(limiter, client);
        assertEquals(start + lateness + 100 * MS, previous, eleventh);
        for (int i = 0; i < 20; i++) {
            long next = sent(limiter, client);
            assertEquals(100 * MS, next - previous, "every request after it owes the bucket: at the full rate");
            previous = next;
        }
    }

    /** A clock whose next sleep first pauses the limiter put in {@code pauseAtNextSleep} for 2 s (a Retry-After). */
    private Clock pausing(Limiter[] pauseAtNextSleep) {
        return new Clock() {
            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) {
                Limiter limiter = pauseAtNextSleep[0];
                pauseAtNextSleep[0] = null;
                if (limiter != null) {
                    limiter.pauseFor(2 * SECOND);
                }
                clock.sleepUntil(deadline);
            }

            @Override
            public void parkUntil(long deadline) {
                sleepUntil(deadline);
            }
        };
    }

    @Test
    void aRequestThatTakesANewPlaceAfterAPauseStillCountsAsLateAsItMayArrive() throws Exception {
        Limiter[] pausedWhileWaiting = new Limiter[1];
        Clock pausing = pausing(pausedWhileWaiting);
        Limiter limiter = new Limiter(exact("upbit", limit(10, SECOND, 10)).build(), pausing, NO_RANDOM);
        answered(limiter, 300 * MS); // settles the cold start
        answered(limiter, 300 * MS); // learned past it: 300 ms
        for (int i = 0; i < 10; i++) {
            sent(limiter); // the bucket is empty now
        }
        pausedWhileWaiting[0] = limiter;
        long replanned = limiter.admission(1).acquireAfterColdStart();
        assertTrue(replanned >= limiter.pausedUntil(), "a new place after the pause");
        for (int i = 0; i < 9; i++) {
            assertEquals(replanned, sent(limiter), "the bucket refilled during the pause: a burst with it");
        }
        assertEquals(replanned + 300 * MS + 100 * MS, sent(limiter), "the re-planned request may reach the server "
                + "300 ms late and find the bucket full then, as any request sent by a hook");
    }

    @Test
    void aRequestThatTakesANewPlaceDuringTheColdStartIsAwaitedOnceAndItsAnswerEndsTheColdStart() throws Exception {
        Limiter[] pausedWhileWaiting = new Limiter[1];
        Limiter limiter = new Limiter(exact("upbit", limit(10, SECOND, 10)).build(), pausing(pausedWhileWaiting),
                NO_RANDOM);
        long[] opening = new long[10];
        for (int i = 0; i < opening.length; i++) {
            opening[i] = sent(limiter);
        }
        clock.advance(1100 * MS); // no answer within the hold: the next request is planned, and waits
        pausedWhileWaiting[0] = limiter;
        long replanned = limiter.admission(1).acquireAfterColdStart(); // a pause came while it waited
        for (long departure : opening) {
            limiter.onResponse(departure, 1);
        }
        clock.set(replanned + 20 * MS);
        assertFalse(limiter.coldStartOver(), "the re-planned request is still on its way");
        limiter.onResponse(replanned, 1);
        assertTrue(limiter.coldStartOver(), "its answer was the last one awaited: counted once, not twice");
    }

    @Test
    void aGcraRequestThatFindsTheBucketFullCountsAsArrivingAsLateAsLearned() throws Exception {
        Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
        answered(limiter, 40 * MS); // the opening request: settles the cold start, teaches 40 ms
        clock.advance(10 * SECOND); // the bucket refills
        long burstStart = clock.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertEquals(burstStart, sent(limiter), "the burst leaves at once");
        }
        // The first of them may reach the server 40 ms late and start its bucket then: the 11th waits for that.
        assertEquals(burstStart + 40 * MS + 100 * MS, sent(limiter));
    }

    @Test
    void aSaturatedGcraLimiterPaysTheLatenessOnceNotPerRequest() throws Exception {
        Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
        answered(limiter, 300 * MS); // learned: 300 ms (a new connection through a slow network)
        clock.advance(10 * SECOND);
        assertBurstThenFullRate(limiter, 300 * MS, "the burst's first request may start the bucket late");
    }

    /** Reserves as {@code client}'s hook does; fails if the request is held instead. */
    private long sent(Limiter limiter, int client) throws Exception {
        long departure = limiter.admission(1).reserveAfterColdStart(clock.nanoTime(), client);
        assertTrue(departure != Admission.AWAIT_OPENING_ANSWERS, "not held");
        return departure;
    }

    /** {@code client} sends one request, answered {@code trip} after it left. */
    private void answered(Limiter limiter, long trip, int client) throws Exception {
        long departure = limiter.admission(1).acquireRequest(client);
        clock.set(departure + trip);
        limiter.onResponse(departure, 1, client);
    }

    @Test
    void theColdStartsTripsCountOnlyUpToWhatTheBucketAbsorbsOnceAWarmRequestIsAnswered() throws Exception {
        Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 5))); // tolerance: 4 intervals, 400 ms
        answered(limiter, 800 * MS); // a cold JVM's first request: class loading, a first connection
        clock.advance(10 * SECOND);
        long start = clock.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertEquals(start, sent(limiter), "the burst leaves at once");
        }
        assertEquals(start + 800 * MS + 100 * MS, sent(limiter), "no warm answer yet: the cold trip stands in full");
        answered(limiter, 5 * MS); // sent after the cold start, on the client's warm path
        clock.advance(10 * SECOND);
        start = clock.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertEquals(start, sent(limiter), "the burst leaves at once");
        }
        assertEquals(start + 400 * MS + 100 * MS, sent(limiter), "the cold trip counts up to the bucket's tolerance "
                + "only: in full, it would hold a saturated bucket under its rate for the minute it is remembered");
    }

    @Test
    void aClientWithoutAnAnswerYetCountsAsLateAsTheMostAndItsColdTripsUpToTheCap() throws Exception {
        Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10))); // tolerance: 900 ms
        int restClient = 1;
        int webClient = 2;
        answered(limiter, 5 * MS, restClient);
        answered(limiter, 5 * MS, restClient); // warm: 5 ms
        clock.advance(10 * SECOND);
        long burstStart = clock.nanoTime();
        long first = 0;
        for (int i = 0; i < 10; i++) {
            first = sent(limiter, webClient);
            assertEquals(burstStart, first, "the burst leaves at once");
        }
        assertEquals(burstStart + ArrivalModel.MAX_LATENESS_NANOS + 100 * MS, sent(limiter, webClient),
                "the second client's first requests may wait on its class loading and first connections: the 11th "
                        + "counts on them arriving as late as the model ever assumes, not 5 ms late");
        clock.set(first + 2 * SECOND);
        limiter.onResponse(first, 1, webClient); // its first answer: warm from now on
        clock.advance(10 * SECOND);
        assertBurstThenFullRate(limiter, webClient, 900 * MS, "its cold trip counts up to the bucket's tolerance");
    }

    @Test
    void aRequestThatMayArriveWithTheNextOnesCountsWithThemThoughItLeftEarlier() throws Exception {
        Limiter limiter = limiter(exact("upbit", limit(10, SECOND, 10)));
        int webClient = 2;
        answered(limiter, 5 * MS, 1);
        answered(limiter, 5 * MS, 1);
        clock.advance(10 * SECOND); // the bucket is full again
        long start = clock.nanoTime();
        assertEquals(start, sent(limiter, webClient)); // cold: may reach the server up to 1 s late
        clock.advance(156 * MS);
        long second = clock.nanoTime();
        for (int i = 0; i < 9; i++) {
            assertEquals(second, sent(limiter, webClient), "within the burst");
        }
        // All ten may reach the server together as late as the first may (its client's first connection), and the
        // eleventh with them: it waits until the second's latest arrival, when the last of the ten may have arrived.
        assertEquals(second + ArrivalModel.MAX_LATENESS_NANOS, sent(limiter, webClient));
    }

    @Test
    void aSuccessorCountsTheRequestsInFlightAsLateAsTheyWereCommitted() throws Exception {
        LimiterSpec.Builder spec = exact("upbit", limit(10, SECOND, 10));
        Limiter limiter = limiter(spec);
        int warmClient = 1;
        int coldClient = 2;
        answered(limiter, 5 * MS, warmClient);
        answered(limiter, 5 * MS, warmClient);
        clock.advance(10 * SECOND);
        long burstStart = clock.nanoTime();
        for (int i = 0; i < 10; i++) {
            sent(limiter, coldClient); // counted as arriving up to 1 s late
        }
        Limiter successor = Limiter.succeeding(spec.maxWaitNanos(60 * SECOND).build(), limiter); // a reload
        assertEquals(burstStart + ArrivalModel.MAX_LATENESS_NANOS + 100 * MS,
                successor.admission(1).reserveAfterColdStart(clock.nanoTime(), warmClient),
                "the cold client's requests still count as late as they may arrive, not as the warm client's");
    }

    @Test
    void aWindowUnitCountsUntilItsOwnResponseAtTheLatest() throws Exception {
        // 18 in any second, window mode, no margin.
        Limiter limiter = limiter(exact("kis", limit(18, SECOND, 1)).mode(LimitMode.WINDOW));
        long first = clock.nanoTime();
        long late = 0;
        for (int i = 0; i < 18; i++) {
            long trip = i == 0 ? 50 * MS : MS; // the first went out on a new connection
            long departure = limiter.admission(1).acquireAfterColdStart();
            if (i == 0) {
                late = departure;
            }
            clock.set(departure + trip);
            limiter.onResponse(departure, 1);
        }
        // The 19th replaces the first in the window: the server may have counted the first only at +50 ms.
        assertEquals(first + 50 * MS + SECOND, sent(limiter));
        // The 20th replaces the second, answered 1 ms after it left: only that.
        assertEquals(late + 50 * MS + SECOND + 1 * MS, sent(limiter));
    }

    @Test
    void aWindowUnitNotAnsweredYetCountsAsLateAsTheModelEverAssumesNotAsLearned() throws Exception {
        Limiter limiter = limiter(exact("kis", limit(2, SECOND, 1)).mode(LimitMode.WINDOW));
        answered(limiter, 30 * MS); // learned: 30 ms
        clock.advance(5 * SECOND);
        long departure = sent(limiter); // in flight, no answer yet
        sent(limiter);
        Admission admission = limiter.admission(1);
        clock.set(departure + 30 * MS + SECOND);
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, admission.reserveAfterColdStart(clock.nanoTime()),
                "the slot the learned 30 ms would give: the unit may be later than anything learned");
        clock.set(departure + ArrivalModel.MAX_LATENESS_NANOS + SECOND);
        assertEquals(clock.nanoTime(), admission.reserveAfterColdStart(clock.nanoTime()));
    }

    @Test
    void aWindowUnitAnsweredSoonerThanLearnedIsTightenedToItsAnswer() throws Exception {
        Limiter limiter = windowOfOneThatLearned(30 * MS);
        long departure = sent(limiter);
        clock.set(departure + 2 * MS);
        limiter.onResponse(departure, 1);
        assertEquals(departure + 2 * MS + SECOND, sent(limiter));
    }

    @Test
    void aWindowUnitIsNeverTightenedBelowItsDepartureAndTheMarginsStretch() throws Exception {
        // 2% margin: the window is planned 1020.4 ms long whatever the answers say.
        Limiter limiter = new Limiter(LimiterSpec.builder("kis").limit(limit(1, SECOND, 1)).mode(LimitMode.WINDOW)
                .jitter(0, 0).build(), clock, NO_RANDOM);
        long departure = answered(limiter, 1 * MS);
        assertEquals(departure + SECOND * 100 / 98 + 1, sent(limiter), 1);
    }

    @Test
    void aColdWindowHoldsTheNextWindowUntilTheOpeningRequestsAreAnswered() throws Exception {
        Limiter limiter = limiter(exact("kis", limit(3, SECOND, 1)).mode(LimitMode.WINDOW));
        Admission admission = limiter.admission(1);
        long start = clock.nanoTime();
        long[] departures = new long[3];
        for (int i = 0; i < 3; i++) {
            departures[i] = admission.acquireAfterColdStart();
        }
        assertTrue(limiter.holding(clock.nanoTime()), "the 4th would wait: it waits for the answers first");
        long[] trips = {200 * MS, 120 * MS, 150 * MS}; // a cold JVM's first requests
        for (int i = 0; i < 3; i++) {
            clock.set(start + trips[i]);
            limiter.onResponse(departures[i], 1);
        }
        assertFalse(limiter.holding(clock.nanoTime()));
        // The three count until their own answers: the 4th replaces the earliest answered (+120 ms).
        assertEquals(start + 120 * MS + SECOND, admission.acquireAfterColdStart());
        assertEquals(start + 150 * MS + SECOND, admission.acquireAfterColdStart());
        assertEquals(start + 200 * MS + SECOND, admission.acquireAfterColdStart());
    }

    @Test
    void aGivenBackWindowSlotIsUndoneAndAnAnsweredOneStays() throws Exception {
        Limiter limiter = limiter(exact("kis", limit(2, SECOND, 1)).mode(LimitMode.WINDOW));
        answered(limiter, 1 * MS);
        answered(limiter, 1 * MS);
        long planned = limiter.reserve(1);
        assertTrue(limiter.giveBack(planned, 1), "nothing reserved after it: undone");
        assertEquals(planned, limiter.reserve(1), "the same slot again");
    }

    @Test
    void aRequestThatWouldWaitOnAGuessIsHeldUntilTheGuessIsAnswered() throws Exception {
        Limiter limiter = windowOfOneThatLearned(300 * MS); // a new connection took 300 ms
        Admission admission = limiter.admission(1);
        long inFlight = admission.reserveAfterColdStart(clock.nanoTime());
        clock.advance(5 * MS);
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, admission.reserveAfterColdStart(clock.nanoTime()),
                "its slot would follow a 300 ms guess: it looks again when the answer comes");
        limiter.onResponse(inFlight, 1); // answered 5 ms after it left
        assertEquals(inFlight + 5 * MS + SECOND, admission.reserveAfterColdStart(clock.nanoTime()));
    }

    @Test
    void aRequestBehindAStalledGuessIsHeldUntilItsAnswerNotJustTheGuessedSlot() throws Exception {
        Limiter limiter = windowOfOneThatLearned(5 * MS); // answers took 5 ms so far
        Admission admission = limiter.admission(1);
        long stalled = sent(limiter); // stalls 1.5 s in its client (a GC pause, a queue): later than anything learned
        clock.set(stalled + 5 * MS + SECOND); // the slot the learned lateness would give
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, admission.reserveAfterColdStart(clock.nanoTime()),
                "the guessed slot has come, but the guess has no answer: the stalled request may not have arrived");
        clock.set(stalled + 1500 * MS);
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, admission.reserveAfterColdStart(clock.nanoTime()));
        limiter.onResponse(stalled, 1); // it arrived by now
        assertEquals(stalled + 1500 * MS + SECOND, sent(limiter), "a window after the stalled request's answer");
    }

    @Test
    void aRequestHeldOnAGuessIsNeverHeldPastTheLatestArrivalTheModelAssumesPlusTheWindow() throws Exception {
        Limiter limiter = windowOfOneThatLearned(300 * MS);
        Admission admission = limiter.admission(1);
        long inFlight = admission.reserveAfterColdStart(clock.nanoTime());
        limiter.onResponse(Long.MIN_VALUE, 1); // its connection reset: when it arrived, if at all, is unknown
        clock.set(inFlight + 300 * MS + SECOND);
        assertEquals(Admission.AWAIT_OPENING_ANSWERS, admission.reserveAfterColdStart(clock.nanoTime()),
                "the slot the learned 300 ms would give: it may still arrive");
        clock.set(inFlight + ArrivalModel.MAX_LATENESS_NANOS + SECOND);
        assertEquals(clock.nanoTime(), sent(limiter), "the latest it may arrive is a window behind: it goes");
    }
}
