package io.zero429.limit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a departure sequence against the stated limits, written from the definitions alone (exact rational
 * arithmetic, no code shared with the engine):
 * <ul>
 *   <li>GCRA (ITU-T I.371 virtual scheduling): T = W/N, tau = (B-1)T; a departure at t of cost n conforms iff
 *       max(TAT, t) + nT - t &lt;= tau + T, and then TAT = max(TAT, t) + nT. A request costing more than B
 *       conforms only from a full bucket (TAT &lt;= t).</li>
 *   <li>Window: the cost units leaving in any half-open window (t - W, t] never exceed N (a request costing more
 *       than N needs the window to itself).</li>
 * </ul>
 */
final class ReferenceChecker {
    static final class Departure {
        final long time;
        final long cost;

        Departure(long time, long cost) {
            this.time = time;
            this.cost = cost;
        }

        @Override
        public String toString() {
            return time + (cost == 1 ? "" : ":" + cost);
        }
    }

    private ReferenceChecker() {
    }

    /** The violations, described (the first five and a count); empty when the sequence conforms. */
    static List<String> violations(List<Departure> departures, LimitSpec limit, LimitMode mode) {
        List<Departure> sorted = new ArrayList<>(departures);
        sorted.sort(Comparator.comparingLong(d -> d.time));
        List<String> all = mode == LimitMode.WINDOW ? windowViolations(sorted, limit) : gcraViolations(sorted, limit);
        if (all.size() <= 5) {
            return all;
        }
        List<String> shown = new ArrayList<>(all.subList(0, 5));
        shown.add("... " + all.size() + " violations in all");
        return shown;
    }

    private static List<String> gcraViolations(List<Departure> sorted, LimitSpec limit) {
        // All times scaled by N, so T = W/N becomes the integer W.
        BigInteger n = BigInteger.valueOf(limit.count());
        BigInteger w = BigInteger.valueOf(limit.windowNanos());
        BigInteger burst = BigInteger.valueOf(limit.burst());
        BigInteger allowance = burst.multiply(w); // tau + T, scaled
        BigInteger tat = null; // null: the bucket starts full
        List<String> out = new ArrayList<>();
        for (Departure d : sorted) {
            BigInteger t = BigInteger.valueOf(d.time).multiply(n);
            BigInteger tat0 = tat == null || tat.compareTo(t) < 0 ? t : tat;
            BigInteger cost = BigInteger.valueOf(d.cost);
            boolean ok;
            if (d.cost <= limit.burst()) {
                ok = tat0.add(cost.multiply(w)).subtract(t).compareTo(allowance) <= 0;
            } else {
                ok = tat0.equals(t);
            }
            if (!ok) {
                out.add("GCRA " + limit + ": departure " + d + " too early (TAT*N=" + tat + ", t*N=" + t + ")");
            }
            tat = tat0.add(cost.multiply(w));
        }
        return out;
    }

    private static List<String> windowViolations(List<Departure> sorted, LimitSpec limit) {
        List<String> out = new ArrayList<>();
        long inWindow = 0;
        int first = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Departure d = sorted.get(i);
            while (sorted.get(first).time <= d.time - limit.windowNanos()) {
                inWindow -= sorted.get(first).cost;
                first++;
            }
            inWindow += d.cost;
            long allowed = Math.max(limit.count(), d.cost);
            if (inWindow > allowed || (d.cost > limit.count() && inWindow > d.cost)) {
                out.add("window " + limit + ": " + inWindow + " units in the window ending at " + d);
            }
        }
        return out;
    }
}
