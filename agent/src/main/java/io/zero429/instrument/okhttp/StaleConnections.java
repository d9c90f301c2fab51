package io.zero429.instrument.okhttp;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * Keeps OkHttp from spending a rate-limited attempt on a pooled connection the server has already closed.
 *
 * <p>OkHttp checks a pooled connection thoroughly (a 1 ms read that sees the server's close) only for requests other
 * than GET, and in 4.x and 5.x only after 10 s idle. A GET on a connection the server closed while it sat idle (real
 * servers close idle keep-alive connections after 5-75 s) is written, fails at once, and OkHttp retries it on a new
 * connection by itself. Without the agent that costs a millisecond; with it, each wire attempt is counted (the agent
 * cannot know the first never reached the server), so the retry waits for the next slot: in a 5/2 s window, 2 s.
 * While a limited attempt looks for its connection, the agent asks OkHttp for its thorough check, on the same terms
 * as for a POST: after 10 s idle. Requests under no rule are left as OkHttp treats them.
 */
public final class StaleConnections {
    /** OkHttp 4.x and 5.x's {@code IDLE_CONNECTION_HEALTHY_NS}: they apply it themselves; 3.x checks every time. */
    static final long IDLE_BEFORE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final ThreadLocal<Boolean> LIMITED_ATTEMPT = new ThreadLocal<>();

    private StaleConnections() {
    }

    /** Called when a limited attempt starts looking for its connection (after its slot, on the same thread). */
    public static void limitedAttemptStarts() {
        LIMITED_ATTEMPT.set(Boolean.TRUE);
    }

    public static void limitedAttemptEnds() {
        LIMITED_ATTEMPT.remove();
    }

    /** Whether {@code RealConnection.isHealthy} should run its thorough check for this connection. */
    public static boolean checkThoroughly(Object connection) {
        if (LIMITED_ATTEMPT.get() == null) {
            return false;
        }
        long idleAt = IdleSince.of(connection);
        // Unknown (4.x, 5.x): they only check after 10 s idle themselves.
        return idleAt == IdleSince.UNKNOWN || System.nanoTime() - idleAt >= IDLE_BEFORE_CHECK_NANOS;
    }

    /**
     * OkHttp 3.x's {@code RealConnection.idleAtNanos}: 3.x has no idle threshold of its own, and checking every
     * pooled connection would cost each limited request a millisecond.
     */
    static final class IdleSince {
        static final long UNKNOWN = Long.MIN_VALUE;
        /** The field found for the last connection class seen (one per OkHttp the application loaded). */
        private static volatile IdleSince last = new IdleSince(null, null);
        private final Class<?> type;
        private final Field field;

        private IdleSince(Class<?> type, Field field) {
            this.type = type;
            this.field = field;
        }

        static long of(Object connection) {
            IdleSince known = last;
            if (known.type != connection.getClass()) {
                known = new IdleSince(connection.getClass(), lookUp(connection.getClass()));
                last = known;
            }
            try {
                return known.field == null ? UNKNOWN : known.field.getLong(connection);
            } catch (IllegalAccessException | IllegalArgumentException e) {
                return UNKNOWN;
            }
        }

        private static Field lookUp(Class<?> type) {
            try {
                Field idleAt = type.getDeclaredField("idleAtNanos");
                idleAt.setAccessible(true);
                return idleAt.getType() == long.class ? idleAt : null;
            } catch (NoSuchFieldException | RuntimeException e) {
                return null; // 4.x, 5.x (idleAtNs, checked by OkHttp itself), or a module that will not open it
            }
        }
    }
}
