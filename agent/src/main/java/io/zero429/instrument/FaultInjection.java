package io.zero429.instrument;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Test switch ({@code -Dzero429.inject-faults=match,admission,response,metrics,body}): makes the named points of the
 * agent throw, to show in a real JVM that a fault inside the agent never reaches the application (the request goes
 * on; the fault is counted and logged once). Read once at start; when absent, {@link #ENABLED} is a constant false
 * and the checks compile away.
 */
public final class FaultInjection {
    public static final String PROPERTY = "zero429.inject-faults";
    private static final Set<String> POINTS = points(System.getProperty(PROPERTY));
    public static final boolean ENABLED = !POINTS.isEmpty();

    private FaultInjection() {
    }

    private static Set<String> points(String value) {
        if (value == null || value.trim().isEmpty()) {
            return Collections.emptySet();
        }
        return new HashSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).replace(" ", "").split(",")));
    }

    /** Throws if faults are injected at {@code point}. Call it as {@code if (ENABLED) at("...")}. */
    public static void at(String point) {
        if (POINTS.contains(point)) {
            throw new IllegalStateException("fault injected at " + point + " (-D" + PROPERTY + ")");
        }
    }
}
