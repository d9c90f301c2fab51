package io.zero429.observe;

import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Commits the agent's JFR events, only while a recording has them enabled, so that without a recording they cost
 * a check. A runtime without the {@code jdk.jfr} module (a trimmed jlink image) never loads the event classes;
 * an event class that fails to load or commit switches events off for good (the request goes on).
 */
final class JfrEvents {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    /** Off after the first failure: a racy read is harmless (at worst one more failed attempt). */
    private static boolean working = PRESENT;
    private static final OnceLog FAULTS = new OnceLog(LoggerFactory.getLogger("io.zero429.observe"));

    private JfrEvents() {
    }

    static void delay(String rule, String limiters, long waitNanos) {
        if (!working) {
            return;
        }
        try {
            DelayEvent event = new DelayEvent();
            if (event.isEnabled()) {
                event.rule = rule;
                event.limiters = limiters;
                event.wait = waitNanos;
                event.commit();
            }
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    static void signal(String limiter, String kind, int status) {
        if (!working) {
            return;
        }
        try {
            SignalEvent event = new SignalEvent();
            if (event.isEnabled()) {
                event.limiter = limiter;
                event.kind = kind;
                event.status = status;
                event.commit();
            }
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    /** Whether a ratio change would be recorded: reading the ratio is only worth it then. */
    static boolean ratioChangeEnabled() {
        if (!working) {
            return false;
        }
        try {
            return new RatioChangeEvent().isEnabled();
        } catch (RuntimeException | LinkageError e) {
            failed(e);
            return false;
        }
    }

    static void ratioChange(String limiter, double before, double after) {
        if (!working) {
            return;
        }
        try {
            RatioChangeEvent event = new RatioChangeEvent();
            if (event.isEnabled()) {
                event.limiter = limiter;
                event.before = before;
                event.after = after;
                event.commit();
            }
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    /**
     * While a recording runs, every second: one {@code io.zero429.LimiterState} event per limiter, and a ratio
     * change for each limiter whose rate recovered since the last report (recovery happens with time, not on an
     * event the agent sees).
     */
    static void registerPeriodic(Supplier<Statistics> current) {
        if (!working) {
            return;
        }
        try {
            jdk.jfr.FlightRecorder.addPeriodicEvent(LimiterStateEvent.class, new Runnable() {
                @Override
                public void run() {
                    Statistics statistics = current.get();
                    statistics.reportRatioRecoveries();
                    for (FlowFigures limiter : statistics.limiters()) {
                        LimiterStateEvent event = new LimiterStateEvent();
                        event.limiter = limiter.name();
                        event.rateRatio = limiter.gauges().rateRatio();
                        event.inFlight = limiter.inFlight();
                        event.paused = limiter.gauges().pausedNanos();
                        event.commit();
                    }
                }
            });
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    private static void failed(Throwable e) {
        working = false;
        FAULTS.fault("JFR events (switched off)", e);
    }
}
