package io.zero429.bench.soak;

import java.util.List;

/**
 * The bot JVM at one moment, and what the exchange had counted by then.
 *
 * @param seconds since the bot started
 * @param threads live Java threads
 * @param loadedClasses classes loaded so far, minus those unloaded
 * @param groups the exchange's cumulative figures
 */
record JvmSample(double seconds, long threads, long loadedClasses, List<GroupFigures> groups) {

    long refused() {
        return groups.stream().mapToLong(GroupFigures::refused).sum();
    }

    long requests() {
        return groups.stream().mapToLong(GroupFigures::requests).sum();
    }
}
