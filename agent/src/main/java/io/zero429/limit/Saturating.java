package io.zero429.limit;

/** Long arithmetic that clamps instead of wrapping: schedules far in the future must not wrap into the past. */
final class Saturating {
    private Saturating() {
    }

    static long add(long a, long b) {
        long r = a + b;
        // Overflow iff both operands have the same sign and the result's sign differs.
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    static long multiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
