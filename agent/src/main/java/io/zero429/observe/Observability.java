package io.zero429.observe;

import io.zero429.rules.RulesSource;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what the operator sees of the agent, each part on its own so that one failing (a port in use) costs only
 * that part: JMX views (always), JFR periodic events (always; free without a recording), the summary line (every
 * 60 s unless {@code summary.interval} says otherwise, {@code 0}/{@code off} disables), the Prometheus endpoint
 * ({@code metrics.port}, off by default; {@code metrics.host}, default 127.0.0.1) and the stats file written at
 * exit ({@code stats.file}).
 */
public final class Observability {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    static final long DEFAULT_SUMMARY_NANOS = TimeUnit.SECONDS.toNanos(60);
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";

    private Observability() {
    }

    public static void start(RulesSource flags, Statistics statistics) {
        try {
            JmxViews.register(statistics);
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

    /** The summary interval in nanoseconds, 0 for none. */
    static long summaryInterval(RulesSource flags) {
        String text = flags.flag("summary.interval");
        if (text != null && text.trim().toLowerCase(Locale.ROOT).equals("off")) {
            return 0;
        }
        Long nanos = flags.durationFlag("summary.interval");
        return nanos == null ? DEFAULT_SUMMARY_NANOS : nanos;
    }

    private static void startSummary(RulesSource flags, Statistics statistics) {
        long interval;
        try {
            interval = summaryInterval(flags);
        } catch (IllegalArgumentException e) {
            LOG.warn("summary.interval: {}; using 60s", e.getMessage());
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

    private static void startMetrics(RulesSource flags, Statistics statistics) {
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
