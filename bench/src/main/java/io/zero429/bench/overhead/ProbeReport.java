package io.zero429.bench.overhead;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * How a probe JVM reports to {@link OverheadRun}: one line {@code @@ key value} per figure on standard output, and
 * what the agent did, read from the agent's own classes on the bootstrap class path (reflection: a probe is
 * compiled without the agent and must also run without it).
 */
final class ProbeReport {
    static final String PREFIX = "@@ ";
    /** The limiter the benchmark's matching rule uses (see {@link Workspace}). */
    static final String LOOPBACK_LIMITER = "loopback";

    private ProbeReport() {
    }

    static void emit(String key, long value) {
        System.out.println(PREFIX + key + " " + value);
    }

    /**
     * Whether the agent installed its engine, and how many requests the loopback limiter admitted: -1 when there is
     * no engine or no such limiter.
     */
    static void emitAgentState() {
        Object engine = engine();
        emit("engine", engine == null ? 0 : 1);
        emit("admitted", engine == null ? -1 : admitted(engine, LOOPBACK_LIMITER));
    }

    private static Object engine() {
        try {
            Class<?> hooks = Class.forName("io.zero429.instrument.Hooks", false, null);
            return hooks.getMethod("engine").invoke(null);
        } catch (ClassNotFoundException noAgent) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the agent's engine", e);
        }
    }

    private static long admitted(Object engine, String limiterName) {
        try {
            Object pool = engine.getClass().getMethod("pool").invoke(engine);
            Map<?, ?> limiters = (Map<?, ?>) pool.getClass().getMethod("sharedLimiters").invoke(pool);
            Object limiter = limiters.get(limiterName);
            return limiter == null ? -1 : (Long) limiter.getClass().getMethod("admitted").invoke(limiter);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the agent's limiter " + limiterName, e);
        }
    }
}
