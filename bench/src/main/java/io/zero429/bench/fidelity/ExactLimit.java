package io.zero429.bench.fidelity;

/**
 * A limit as a real API enforces it: exactly, when a request arrives, with no allowance. Times are nanoseconds
 * from the server's start. Not thread-safe: the server calls it under its own lock.
 */
interface ExactLimit {
    /** The earliest time at or after {@code now} at which a request of {@code cost} would be accepted. */
    long earliest(long now, long cost);

    /** Records a request of {@code cost} accepted at {@code now} (no earlier than {@link #earliest}). */
    void take(long now, long cost);

    /** The same limit, untouched: a full bucket, an empty window. */
    ExactLimit fresh();

    /** How many units the limit lets through per second in the long run. */
    double unitsPerSecond();

    /**
     * A token bucket (Upbit): {@code burst} units back to back from a full bucket, then {@code count} per
     * {@code window}. Exact in integers: times are kept multiplied by {@code count}, so a unit advances the
     * theoretical arrival time by exactly {@code window} (no rounding of window / count).
     */
    final class Bucket implements ExactLimit {
        private final long count;
        private final long window;
        private final long burst;
        private long tatScaled = Long.MIN_VALUE / 2;

        Bucket(long count, long window, long burst) {
            this.count = count;
            this.window = window;
            this.burst = burst;
        }

        @Override
        public long earliest(long now, long cost) {
            // Accepted iff max(TAT, now) + cost·W - now <= B·W (scaled by count): now >= TAT - (B - cost)·W.
            long bound = tatScaled - (burst - Math.min(cost, burst)) * window;
            long atScaled = now * count;
            if (atScaled >= bound) {
                return now;
            }
            return Math.floorDiv(bound + count - 1, count);
        }

        @Override
        public void take(long now, long cost) {
            tatScaled = Math.max(tatScaled, now * count) + cost * window;
        }

        @Override
        public ExactLimit fresh() {
            return new Bucket(count, window, burst);
        }

        @Override
        public double unitsPerSecond() {
            return count * 1e9 / window;
        }
    }

    /** At most {@code count} units in any window of {@code window} nanoseconds (KIS, Gemini): a sliding log. */
    final class Window implements ExactLimit {
        private final int count;
        private final long window;
        /** The arrival time of each of the last {@code count} units, oldest at {@code next} once full. */
        private final long[] ring;
        private int next;
        private int size;

        Window(int count, long window) {
            this.count = count;
            this.window = window;
            this.ring = new long[count];
        }

        @Override
        public long earliest(long now, long cost) {
            int units = (int) Math.min(cost, count);
            if (size + units <= count) {
                return now;
            }
            // The (count - units + 1)-th newest unit must have left the window: (now - it) >= window.
            int newest = count - units + 1;
            long binding = ring[Math.floorMod(next - newest, ring.length)];
            return Math.max(now, binding + window);
        }

        @Override
        public void take(long now, long cost) {
            for (int i = 0; i < Math.min(cost, count); i++) {
                ring[next] = now;
                next = (next + 1) % ring.length;
                size = Math.min(size + 1, ring.length);
            }
        }

        @Override
        public ExactLimit fresh() {
            return new Window(count, window);
        }

        @Override
        public double unitsPerSecond() {
            return count * 1e9 / window;
        }
    }
}
