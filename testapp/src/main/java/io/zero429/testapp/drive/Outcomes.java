package io.zero429.testapp.drive;

import java.util.Map;
import java.util.TreeMap;

/** Counts of outcomes (status or failure name), in total and per second of the run. Thread-safe. */
final class Outcomes {
    private final Map<String, long[]> perSecond = new TreeMap<>();
    private int seconds;

    synchronized void count(long second, String outcome) {
        int index = (int) Math.max(0, Math.min(second, 3600));
        seconds = Math.max(seconds, index + 1);
        long[] counts = perSecond.computeIfAbsent(outcome, k -> new long[3601]);
        counts[index]++;
    }

    /** " 200=68 429=2 ...": every outcome with its total. */
    synchronized String totals() {
        StringBuilder line = new StringBuilder();
        perSecond.forEach((outcome, counts) -> {
            long total = 0;
            for (long count : counts) {
                total += count;
            }
            line.append(' ').append(outcome).append('=').append(total);
        });
        return line.toString();
    }

    /** " 200=7,7,7 429=0,0,1": every outcome per second. */
    synchronized String timeline() {
        StringBuilder line = new StringBuilder();
        perSecond.forEach((outcome, counts) -> {
            line.append(' ').append(outcome).append('=');
            for (int i = 0; i < seconds; i++) {
                line.append(i == 0 ? "" : ",").append(counts[i]);
            }
        });
        return line.toString();
    }
}
