package io.zero429.limit;

/**
 * The last departures a limiter committed, with their costs and the lateness they were committed with: enough to tell how many units left at or after a given
 * departure (requests still in flight when the server counted an earlier one), and to hand a recent schedule over to
 * a successor after a reload. A ring that starts small (a partition used by one API key now and then costs 64
 * bytes) and grows, up to {@link #SIZE}, while it holds less than {@link #HISTORY_NANOS} of departures: enough for
 * every request in flight at any rate a real API allows. Beyond it a count is a lower bound. Not thread-safe: its
 * limiter calls it under its own lock.
 */
final class RecentDepartures {
    static final int SIZE = 256;
    private static final int INITIAL = 4;
    /** A response comes back well within this: departures older than it are not in flight any more. */
    static final long HISTORY_NANOS = 2_000_000_000L;
    private long[] departures = new long[INITIAL];
    private long[] costs = new long[INITIAL];
    private long[] latenesses = new long[INITIAL];
    private int next;
    private int size;

    /** {@code lateness}: as committed ({@link LimitState#commit}), for a successor to commit it again. */
    void add(long departure, long cost, long lateness) {
        if (size == departures.length && size < SIZE && departure - oldest(departure) < HISTORY_NANOS) {
            grow();
        }
        departures[next] = departure;
        costs[next] = cost;
        latenesses[next] = lateness;
        next = next + 1 == departures.length ? 0 : next + 1;
        size = Math.min(departures.length, size + 1);
    }

    /** Doubles the ring, oldest first from index 0. */
    private void grow() {
        long[] moreDepartures = new long[departures.length * 2];
        long[] moreCosts = new long[departures.length * 2];
        long[] moreLatenesses = new long[departures.length * 2];
        for (int k = 0; k < size; k++) {
            int i = Math.floorMod(next - size + k, departures.length);
            moreDepartures[k] = departures[i];
            moreCosts[k] = costs[i];
            moreLatenesses[k] = latenesses[i];
        }
        departures = moreDepartures;
        costs = moreCosts;
        latenesses = moreLatenesses;
        next = size;
    }

    /** Entries it can hold now. */
    int capacity() {
        return departures.length;
    }

    /**
     * Units committed at or after {@code sentAt}, other than the {@code ownCost} of the request that left then:
     * requests the server had not counted yet when it counted that one (ties count as not yet counted, the safe side).
     */
    long unitsSince(long sentAt, long ownCost) {
        long units = 0;
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, departures.length);
            if (departures[i] < sentAt) {
                break;
            }
            units = Saturating.add(units, costs[i]);
        }
        return Math.max(0, units - ownCost);
    }

    /**
     * {@link #unitsSince}, and also the units that left before {@code sentAt} but may arrive after it, as late as they
     * were committed (a lateness of the cold start counts as the most the model assumes): a server's count taken when
     * the request that left then arrived may not hold them yet.
     */
    long unitsMayArriveAfter(long sentAt, long ownCost) {
        long units = 0;
        long oldest = Saturating.add(sentAt, -ArrivalModel.MAX_LATENESS_NANOS);
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, departures.length);
            if (departures[i] < oldest) {
                break;
            }
            long late = latenesses[i] < 0 ? ArrivalModel.MAX_LATENESS_NANOS : latenesses[i];
            if (departures[i] >= sentAt || Saturating.add(departures[i], late) >= sentAt) {
                units = Saturating.add(units, costs[i]);
            }
        }
        return Math.max(0, units - ownCost);
    }

    /** Whether the newest departure remembered is {@code departure} with {@code cost}. */
    boolean isLast(long departure, long cost) {
        if (size == 0) {
            return false;
        }
        int last = Math.floorMod(next - 1, departures.length);
        return departures[last] == departure && costs[last] == cost;
    }

    /** Forgets the newest departure (a slot given back). */
    void removeLast() {
        if (size > 0) {
            next = Math.floorMod(next - 1, departures.length);
            size--;
        }
    }

    /** The newest departure remembered, or {@code ifEmpty}. */
    long newest(long ifEmpty) {
        return size == 0 ? ifEmpty : departures[Math.floorMod(next - 1, departures.length)];
    }

    /** The oldest departure remembered, or {@code ifEmpty}. */
    long oldest(long ifEmpty) {
        return size == 0 ? ifEmpty : departures[Math.floorMod(next - size, departures.length)];
    }

    /** A departure, its cost and the lateness it was committed with. */
    interface Visitor {
        void departure(long departure, long cost, long lateness);
    }

    /** Every remembered departure, oldest first. */
    void forEach(Visitor visitor) {
        for (int k = size; k >= 1; k--) {
            int i = Math.floorMod(next - k, departures.length);
            visitor.departure(departures[i], costs[i], latenesses[i]);
        }
    }
}
