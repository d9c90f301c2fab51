package io.zero429.limit;

/**
 * The last departures a limiter committed, with the running total of units at each: enough to tell how many units
 * left at or after a given departure (requests still in flight when the server counted an earlier one). A fixed ring:
 * beyond its size the count is a lower bound. Not thread-safe: its limiter calls it under its own lock.
 */
final class RecentDepartures {
    static final int SIZE = 256;
    private final long[] departures = new long[SIZE];
    private final long[] unitsAfter = new long[SIZE];
    private int next;
    private int size;

    void add(long departure, long committedUnits) {
        departures[next] = departure;
        unitsAfter[next] = committedUnits;
        next = next + 1 == SIZE ? 0 : next + 1;
        size = Math.min(SIZE, size + 1);
    }

    /**
     * Units committed at or after {@code sentAt}, other than the {@code ownCost} of the request that left then:
     * requests the server had not counted yet when it counted that one (ties count as not yet counted, the safe side).
     *
     * @param committedUnits the limiter's running total now
     */
    long unitsSince(long sentAt, long committedUnits, long ownCost) {
        long before = -1;
        for (int k = 1; k <= size; k++) {
            int i = Math.floorMod(next - k, SIZE);
            if (departures[i] < sentAt) {
                before = unitsAfter[i];
                break;
            }
        }
        if (before < 0) {
            // Everything remembered left at or after sentAt: count from the oldest remembered (a lower bound).
            int oldest = Math.floorMod(next - size, SIZE);
            before = size == 0 ? committedUnits : unitsAfter[oldest] - 1;
        }
        return Math.max(0, committedUnits - before - ownCost);
    }
}
