package io.zero429.limit;

import static io.zero429.limit.LimiterTestSupport.MINUTE;
import static io.zero429.limit.LimiterTestSupport.MS;
import static io.zero429.limit.LimiterTestSupport.SECOND;
import static io.zero429.limit.LimiterTestSupport.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The arrival model end to end on a fake clock: eight clients on one limiter (default margin and jitter, the cold
 * start hold as the HTTP hooks use it), each request reaching the server later than it left by what a real one
 * pays: a cold JVM's first requests 50-230 ms, a new connection (the first request of a client, or after 5 s idle:
 * the server closed it) 100-300 ms, every request 0-10 ms of jitter. The arrivals are checked against the stated
 * limit with {@link ReferenceChecker} (exact, no allowance), and the saturated runs must use at least 95% of it.
 */
class ArrivalSimulationTest {
    private static final int CLIENTS = 8;
    private static final long IDLE_CLOSE = 5 * SECOND;

    private static final class Client {
        long lastAnswer = Long.MIN_VALUE;
        boolean coldJvm = true;
        /** The client library it sends with (the hooks' client), and when that library is ready to send at all. */
        int library = 1;
        long[] libraryReady;
    }

    private static final class Event implements Comparable<Event> {
        final long at;
        final Client client;
        /** The departure of the request this answers, or Long.MIN_VALUE for a client ready to send. */
        final long departure;

        Event(long at, Client client, long departure) {
            this.at = at;
            this.client = client;
            this.departure = departure;
        }

        @Override
        public int compareTo(Event o) {
            return Long.compare(at, o.at);
        }
    }

    /** What a run of {@code duration} produced: arrivals at the server, and the first and last of them. */
    private static List<ReferenceChecker.Departure> run(LimiterSpec spec, long cost, long seed, long duration,
            long thinkMax) throws Exception {
        return run(spec, cost, seed, duration, thinkMax, -1);
    }

    /**
     * {@code secondLibraryAt} (or -1: none): the clients stop 2 s before it (the bucket refills), and 16 more start
     * over the 300 ms after it, all sending with a second client library (an application's WebClient after its
     * RestClient), which starts cold: its first request is ready to reach the server only 300-1000 ms after it left (its
     * class loading and connection pool), and every request it sends before then reaches the server together with
     * it.
     */
    private static List<ReferenceChecker.Departure> run(LimiterSpec spec, long cost, long seed, long duration,
            long thinkMax, long secondLibraryAt) throws Exception {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        Limiter limiter = new Limiter(spec, clock, (min, max) -> min + (long) (random.nextDouble() * (max - min)));
        Admission admission = limiter.admission(cost);
        long start = clock.nanoTime();
        PriorityQueue<Event> events = new PriorityQueue<>();
        long[] libraryReady = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        int clients = secondLibraryAt >= 0 ? CLIENTS + 16 : CLIENTS;
        for (int i = 0; i < clients; i++) {
            Client client = new Client();
            client.libraryReady = libraryReady;
            boolean second = i >= CLIENTS;
            client.library = second ? 2 : 1;
            long startsAt = second ? start + secondLibraryAt + (long) (random.nextDouble() * 300 * MS) : start;
            events.add(new Event(startsAt, client, Long.MIN_VALUE));
        }
        List<ReferenceChecker.Departure> arrivals = new ArrayList<>();
        while (!events.isEmpty()) {
            Event e = events.poll();
            clock.set(e.at);
            Client c = e.client;
            if (e.departure != Long.MIN_VALUE) {
                limiter.onResponse(e.departure, cost, c.library);
                c.lastAnswer = e.at;
                long think = thinkMax == 0 ? 0 : (long) (random.nextDouble() * thinkMax);
                events.add(new Event(e.at + think, c, Long.MIN_VALUE));
                continue;
            }
            if (e.at - start > duration || c.library == 1 && secondLibraryAt >= 0 && e.at - start > secondLibraryAt - 2 * SECOND) {
                continue;
            }
            long departure = admission.reserveAfterColdStart(e.at, c.library);
            if (departure == Admission.AWAIT_OPENING_ANSWERS) {
                events.add(new Event(e.at + MS, c, Long.MIN_VALUE)); // held for the opening answers, as the hooks are
                continue;
            }
            long lateness = (long) (random.nextDouble() * 10 * MS);
            if (c.lastAnswer == Long.MIN_VALUE || departure - c.lastAnswer > IDLE_CLOSE) {
                lateness += 100 * MS + (long) (random.nextDouble() * 200 * MS);
            }
            if (c.coldJvm) {
                lateness += 50 * MS + (long) (random.nextDouble() * 180 * MS);
                c.coldJvm = false;
            }
            long arrival = departure + lateness;
            if (secondLibraryAt >= 0) {
                if (libraryReady[c.library] == Long.MIN_VALUE) {
                    libraryReady[c.library] = departure + 300 * MS + (long) (random.nextDouble() * 700 * MS);
                }
                arrival = Math.max(arrival, libraryReady[c.library] + (long) (random.nextDouble() * MS));
            }
            arrivals.add(new ReferenceChecker.Departure(arrival, cost));
            events.add(new Event(arrival + 200_000 + (long) (random.nextDouble() * 3 * MS), c, departure));
        }
        return arrivals;
    }

    private static void assertConforms(List<ReferenceChecker.Departure> arrivals, LimiterSpec spec) {
        for (LimitSpec limit : spec.limits()) {
            List<String> violations = ReferenceChecker.violations(arrivals, limit, spec.mode());
            assertEquals(List.of(), violations, "arrivals over " + limit);
        }
    }

    /** A saturated run: no early arrival, and at least 95% of the (first) limit used. */
    private static void assertSaturatedRunConforms(LimiterSpec spec, long cost, long seed, long duration)
            throws Exception {
        List<ReferenceChecker.Departure> arrivals = run(spec, cost, seed, duration, 0);
        assertConforms(arrivals, spec);
        double efficiency = efficiency(arrivals, spec.limits().get(0), spec.mode());
        assertTrue(efficiency >= 0.95, "efficiency " + efficiency);
    }

    /** Shortest time the stated limit needs for these arrivals ÷ the time they took, from the first. */
    private static double efficiency(List<ReferenceChecker.Departure> arrivals, LimitSpec limit, LimitMode mode) {
        long units = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ReferenceChecker.Departure a : arrivals) {
            units += a.cost;
            first = Math.min(first, a.time);
            last = Math.max(last, a.time);
        }
        // A window lets N go at once, then N more a window later: the last of U units needs (U - 1) / N whole
        // windows. A bucket lets B go at once, then one per interval.
        double needed = mode == LimitMode.WINDOW ? (double) ((units - 1) / limit.count()) * limit.windowNanos()
                : Math.max(0, units - limit.burst()) * (double) limit.windowNanos() / limit.count();
        return needed / (last - first);
    }

    private static LimiterSpec.Builder spec(LimitMode mode, LimitSpec... limits) {
        LimiterSpec.Builder b = LimiterSpec.builder("sim").mode(mode);
        for (LimitSpec l : limits) {
            b.limit(l);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aBucketOf10PerSecondBurst10NeverSeesAnEarlyArrival(long seed) throws Exception {
        LimiterSpec spec = spec(LimitMode.GCRA, limit(10, SECOND, 10)).build();
        assertSaturatedRunConforms(spec, 1, seed, 30 * SECOND);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aWindowOf20PerSecondNeverSeesAnEarlyArrival(long seed) throws Exception {
        LimiterSpec spec = spec(LimitMode.WINDOW, limit(20, SECOND, 1)).build();
        assertSaturatedRunConforms(spec, 1, seed, 30 * SECOND);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 5})
    void aWeightedWindowWithCostsOf1And5NeverSeesAnEarlyArrival(long cost) throws Exception {
        LimiterSpec spec = spec(LimitMode.WINDOW, limit(600, 10 * SECOND, 1)).build();
        assertSaturatedRunConforms(spec, cost, cost, 40 * SECOND);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void twoWindowsOf5Per2sAnd30PerMinuteNeverSeeAnEarlyArrival(long seed) throws Exception {
        // A long max-wait: eight clients on 30 a minute queue for minutes, and this is about arrivals, not refusals.
        LimiterSpec spec = spec(LimitMode.WINDOW, limit(5, 2 * SECOND, 1), limit(30, MINUTE, 1))
                .maxWaitNanos(10 * MINUTE).build();
        assertConforms(run(spec, 1, seed, 70 * SECOND, 0), spec);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aSecondClientLibraryStartingColdNeverBringsAnEarlyArrival(long seed) throws Exception {
        // 16 clients of a second library start after 10 s, once the first library's 8 are done and the bucket is full
        // again: its first requests bunch at the server when it is ready (up to a second after the first left).
        LimiterSpec gcra = spec(LimitMode.GCRA, limit(10, SECOND, 10)).build();
        assertConforms(run(gcra, 1, seed, 30 * SECOND, 0, 10 * SECOND), gcra);
        LimiterSpec window = spec(LimitMode.WINDOW, limit(20, SECOND, 1)).build();
        assertConforms(run(window, 1, seed, 30 * SECOND, 0, 10 * SECOND), window);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void clientsThatPauseAndReconnectNeverBringAnEarlyArrival(long seed) throws Exception {
        // Up to 8 s between a client's requests: connections close in between and the bucket refills now and then.
        LimiterSpec gcra = spec(LimitMode.GCRA, limit(10, SECOND, 10)).build();
        assertConforms(run(gcra, 1, seed, 120 * SECOND, 8 * SECOND), gcra);
        LimiterSpec window = spec(LimitMode.WINDOW, limit(20, SECOND, 1)).build();
        assertConforms(run(window, 1, seed, 120 * SECOND, 8 * SECOND), window);
    }
}
