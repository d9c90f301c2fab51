package io.zero429.observe;

import io.zero429.rules.RulesSource;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what the operator sees of the agent, each part on its own so that one failing (a port in use) costs only
 * that part: JMX views (always), JFR periodic events (always; free without a recording), the summary line (every
 * 60 s unless {@code summary.interval} says otherwise, {@code 0}/{@code off} disables), the Prometheus endpoint
 * ({@code metrics.port}, off by default; {@code metrics.host}, default 127.0.0.1) and the stats file written at
 * exit ({@code stats.file}). Every part reads the statistics of the engine in force, so a reload is followed.
 */
public final class Observability {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    static final long DEFAULT_SUMMARY_NANOS = TimeUnit.SECONDS.toNanos(60);
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
    /** The agent's JMX views, once started (one agent per JVM). */
    private static volatile JmxViews jmx;

    private Observability() {
    }

    /** @param statistics the statistics of the engine in force, asked each time they are shown */
    public static void start(RulesSource flags, Supplier<Statistics> statistics) {
        try {
            JmxViews views = JmxViews.platform(statistics);
            views.refresh();
            jmx = views;
        } catch (Exception | LinkageError e) {
            LOG.warn("JMX views not registered: {}", e.toString());
        }
        JfrEvents.registerPeriodic(statistics);
        startSummary(flags, statistics);
        startMetrics(flags, statistics);
        String statsFile = flags.flag("stats.file");
        if (statsFile != null && !statsFile.trim().isEmpty()) {
            try {
                StatsFile.writeAtExit(Paths.get(statsFile.trim()), statistics);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("no statistics file will be written ({}): {}", statsFile, e.toString());
            }
        }
    }

    /** A reload put new rules in force: the JMX views follow (the other parts read the new statistics anyway). */
    public static void rulesChanged() {
        JmxViews views = jmx;
        if (views == null) {
            return;
        }
        try {
            views.refresh();
        } catch (Exception | LinkageError e) {
            LOG.warn("JMX views not refreshed after the reload: {}", e.toString());
        }
    }

    /** The summary interval in nanoseconds, 0 for none. */
    static long summaryInterval(RulesSource flags) {
        String text = flags.flag("summary.interval");
        if (text != null && text.trim().toLowerCase(Locale.ROOT).equals("off")) {
            return 0;
        }
        return flags.durationFlag("summary.interval", DEFAULT_SUMMARY_NANOS);
    }

    private static void startSummary(RulesSource flags, Supplier<Statistics> statistics) {
        long interval;
        try {
            interval = summaryInterval(flags);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; the summary line comes every 60s", e.getMessage());
            interval = DEFAULT_SUMMARY_NANOS;
        }
        if (interval > 0) {
            try {
                SummaryTimer.start(statistics, interval);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("no summary line: {}", e.toString());
            }
        }
    }

    private static void startMetrics(RulesSource flags, Supplier<Statistics> statistics) {
        String port = flags.flag("metrics.port");
        if (port == null || port.trim().isEmpty()) {
            return;
        }
        String host = flags.flag("metrics.host");
        host = host == null || host.trim().isEmpty() ? DEFAULT_METRICS_HOST : host.trim();
        try {
            MetricsServer server = MetricsServer.start(host, Integer.parseInt(port.trim()), statistics);
            LOG.info("metrics on http://{}:{}/metrics", host, server.port());
        } catch (Exception | LinkageError e) {
            LOG.error("metrics endpoint not started on {}:{}: {}; the application runs on", host, port.trim(),
                    e.toString());
        }
    }
}
