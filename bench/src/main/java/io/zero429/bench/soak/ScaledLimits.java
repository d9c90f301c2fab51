package io.zero429.bench.soak;

import io.zero429.limit.LimitSpec;
import io.zero429.limit.LimiterSpec;
import io.zero429.rules.RulesException;
import io.zero429.rules.RulesParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The agent's side of {@code --time-scale K}: the mock exchange shortens every window of a minute or longer K times
 * (testapp's {@code TimeScale.window}), so each limiter with such a window gets a {@code -Dzero429.limiter.X.limits}
 * override with the same windows shortened alike. Windows are written in nanoseconds, computed exactly as the
 * exchange computes its own ({@code nanos / K}): a rounded window (41ms for a minute at K=1440, where the exchange
 * uses 41.67 ms) would let the agent plan for a shorter window than the one the server counts.
 */
final class ScaledLimits {
    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private ScaledLimits() {
    }

    static List<String> jvmOptions(String rulesName, String rulesText, long factor) throws RulesException {
        List<String> options = new ArrayList<>();
        if (factor == 1) {
            return options;
        }
        for (LimiterSpec limiter : RulesParser.parse(rulesName, rulesText).limiters()) {
            if (limiter.limits().stream().anyMatch(limit -> limit.windowNanos() >= MINUTE)) {
                options.add("-Dzero429.limiter." + limiter.name() + ".limits=" + limiter.limits().stream()
                        .map(limit -> scaled(limit, factor)).collect(Collectors.joining(", ")));
            }
        }
        return options;
    }

    private static String scaled(LimitSpec limit, long factor) {
        long window = limit.windowNanos() >= MINUTE ? limit.windowNanos() / factor : limit.windowNanos();
        return limit.count() + "/" + window + "ns" + (limit.burst() > 1 ? " burst " + limit.burst() : "");
    }
}
