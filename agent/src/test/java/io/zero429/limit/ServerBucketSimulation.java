package io.zero429.limit;

import java.util.PriorityQueue;
import java.util.Random;

/**
 * Clients that each send through their own limiter, one request at a time at a paced demand, to one server token
 * bucket that reports its level on every answer (as Upbit's {@code Remaining-Req}), on a fake clock: requests
 * reach the server and come back after random delays (fixed seed). The server counts arrivals, as a real one does.
 */
final class ServerBucketSimulation {
    private final FakeClock clock = new FakeClock();
    private final long start = clock.nanoTime();
    private final long serverInterval;
    private final long serverBurst;
    private final Random random;
    private final long maxOneWayNanos;
    private long serverTat = Long.MIN_VALUE;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    long accepted;
    long limited;
    /** Accepted between {@link #countFrom} and the end. */
    long acceptedLate;
    private long countFrom = Long.MAX_VALUE;

    ServerBucketSimulation(long count, long window, long burst, long seed, long maxOneWayNanos) {
        this.serverInterval = window / count;
        this.serverBurst = burst;
        this.random = new Random(seed);
        this.maxOneWayNanos = maxOneWayNanos;
    }

    FakeClock clock() {
        return clock;
    }

    /** Counts accepted requests from {@code offset} after the start in {@link #acceptedLate}. */
    void countAcceptedFrom(long offset) {
        countFrom = start + offset;
    }

    /**
     * A client through {@code limiter} that wants to send every {@code period} from {@code offset} after the start (a
     * slot missed while its request waited or travelled is skipped); with {@code sync} it hands the server's level
     * to {@link Limiter#serverBucketLevel}, and every 429 is a limit signal either way.
     */
    void client(Limiter limiter, long offset, long period, boolean sync) {
        Client client = new Client(limiter, period, sync);
        client.slot = start + offset;
        events.add(new Event(client.slot, client, Event.READY, 0, 0));
    }

    /** Runs every client until {@code duration} after the start. */
    void run(long duration) throws Exception {
        long end = start + duration;
        while (!events.isEmpty()) {
            Event e = events.poll();
            clock.set(e.at);
            Client c = e.client;
            if (e.kind == Event.READY) {
                if (e.at < end) {
                    long departure = c.limiter.reserve(1);
                    events.add(new Event(departure + delay(), c, Event.ARRIVAL, departure, 0));
                }
            } else if (e.kind == Event.ARRIVAL) {
                events.add(new Event(e.at + delay(), c, Event.RESPONSE, e.departure, take(e.at)));
            } else {
                c.limiter.onResponse(e.departure, 1);
                if (e.level < 0) {
                    c.limiter.onLimitSignal(e.departure, 0);
                }
                if (c.sync) {
                    c.limiter.serverBucketLevel(e.departure, 1, Math.max(0, e.level));
                }
                c.slot += c.period;
                if (c.slot < e.at) {
                    c.slot += ((e.at - c.slot) / c.period + 1) * c.period;
                }
                events.add(new Event(c.slot, c, Event.READY, 0, 0));
            }
        }
    }

    private long delay() {
        return 1 + (long) (random.nextDouble() * maxOneWayNanos);
    }

    /** The server's token bucket: the level left after this request, or -1 for a 429. */
    private long take(long now) {
        long tat = Math.max(serverTat, now);
        if (tat - now > (serverBurst - 1) * serverInterval) {
            limited++;
            return -1;
        }
        serverTat = tat + serverInterval;
        accepted++;
        if (now >= countFrom) {
            acceptedLate++;
        }
        return Math.max(0, (now + serverBurst * serverInterval - serverTat) / serverInterval);
    }

    private static final class Client {
        final Limiter limiter;
        final long period;
        final boolean sync;
        long slot;

        Client(Limiter limiter, long period, boolean sync) {
            this.limiter = limiter;
            this.period = period;
            this.sync = sync;
        }
    }

    private static final class Event implements Comparable<Event> {
        static final int READY = 0;
        static final int ARRIVAL = 1;
        static final int RESPONSE = 2;
        final long at;
        final Client client;
        final int kind;
        final long departure;
        final long level;

        Event(long at, Client client, int kind, long departure, long level) {
            this.at = at;
            this.client = client;
            this.kind = kind;
            this.departure = departure;
            this.level = level;
        }

        @Override
        public int compareTo(Event o) {
            return Long.compare(at, o.at);
        }
    }
}
