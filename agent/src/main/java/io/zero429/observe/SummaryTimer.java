package io.zero429.observe;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the {@link SummaryLine} at INFO every interval, on its own daemon thread (it reads every limiter's monitor
 * briefly, so it stays off the agent's release timer).
 */
public final class SummaryTimer {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");

    private SummaryTimer() {
    }

    public static ScheduledExecutorService start(Supplier<Statistics> statistics, long intervalNanos) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "zero429-summary");
            thread.setDaemon(true);
            return thread;
        });
        SummaryLine summary = new SummaryLine();
        String every = io.zero429.limit.Durations.format(intervalNanos);
        timer.scheduleAtFixedRate(() -> {
            try {
                for (String line : summary.next(statistics.get().limiters())) {
                    LOG.info("last {}: {}", every, line);
                }
            } catch (RuntimeException e) {
                LOG.warn("summary line failed; the agent goes on", e);
            }
        }, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        return timer;
    }
}
