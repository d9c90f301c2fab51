package io.zero429.limit;

/**
 * The last departures a limiter committed, with their costs: enough to tell how many units left at or after a given
 * departure (requests still in flight when the server counted an earlier one), and to hand a recent schedule over to
 * a successor after a reload. A fixed ring: beyond its size a count is a lower bound. Not thread-safe: its limiter
 * calls it under its own lock.
 */
final class RecentDepartures {
    static final int SIZE = 256;
    private final long[] departures = new long[SIZE];
    private final long[] costs = new long[SIZE];
    private int next;
    private int size;

    void add(long departure, long cost) {
        departures[next] = departure;
        costs[next] = cost;
        next = next + 1 == SIZE ? 0 : next + 1;
        size = Math.min(SIZE, size + 1);
    }

    /**
     * Units committed at or after {@code sentAt}, other than the {@code ownCost} of the request that left then:
     * requests the server had not counted yet when it counted that one (ties count as not yet counted, the safe side).
     */
    long unitsSince(long sentAt, long ownCost) {
        long units = 0;
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, SIZE);
            if (departures[i] < sentAt) {
                break;
            }
            units = Saturating.add(units, costs[i]);
        }
        return Math.max(0, units - ownCost);
    }

    /** The oldest departure remembered, or {@code ifEmpty}. */
    long oldest(long ifEmpty) {
        return size == 0 ? ifEmpty : departures[Math.floorMod(next - size, SIZE)];
    }

    /** A departure and its cost. */
    interface Visitor {
        void departure(long departure, long cost);
    }

    /** Every remembered departure, oldest first. */
    void forEach(Visitor visitor) {
        for (int k = size; k >= 1; k--) {
            int i = Math.floorMod(next - k, SIZE);
            visitor.departure(departures[i], costs[i]);
        }
    }
}
