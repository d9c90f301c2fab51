package io.zero429;

import io.zero429.instrument.Hooks;
import io.zero429.limit.Limiter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's JMX operations on the engine in force (see {@link ControlMBean}). Each one is logged. */
public final class Control implements ControlMBean {
    public static final String OBJECT_NAME = "io.zero429:type=Control";
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    private static final long MAX_SECONDS = TimeUnit.DAYS.toSeconds(1);
    private final Reloader reloader;

    public Control(Reloader reloader) {
        this.reloader = reloader;
    }

    /** Registers the operations on the platform MBean server. */
    public static void register(Reloader reloader) throws JMException {
        ObjectName name = new ObjectName(OBJECT_NAME);
        if (ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        }
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Control(reloader), name);
    }

    @Override
    public String emergency(long seconds) {
        Engine engine = Hooks.engine();
        if (engine == null || seconds < 1 || seconds > MAX_SECONDS) {
            return refuse("emergency(" + seconds + ")", engine, "seconds must be 1.." + MAX_SECONDS);
        }
        int count = 0;
        for (String name : engine.pool().sharedLimiters().keySet()) {
            for (Limiter limiter : engine.pool().limitersNamed(name)) {
                limiter.emergency(TimeUnit.SECONDS.toNanos(seconds));
                count++;
            }
        }
        return done("emergency: " + count + " limiters at half their rate for " + seconds + " s");
    }

    @Override
    public String pause(String limiter, long seconds) {
        Engine engine = Hooks.engine();
        if (engine == null || seconds < 1 || seconds > MAX_SECONDS) {
            return refuse("pause(" + limiter + ", " + seconds + ")", engine, "seconds must be 1.." + MAX_SECONDS);
        }
        List<Limiter> named = engine.pool().limitersNamed(String.valueOf(limiter).trim());
        if (named.isEmpty()) {
            return refuse("pause", engine, "no limiter named '" + limiter + "'; limiters: "
                    + engine.pool().sharedLimiters().keySet());
        }
        for (Limiter one : named) {
            one.pauseFor(TimeUnit.SECONDS.toNanos(seconds));
        }
        return done("pause: limiter '" + named.get(0).name() + "' (" + named.size() + " budget(s)) paused for "
                + seconds + " s");
    }

    @Override
    public String reload() {
        if (reloader == null) {
            return refuse("reload", null, "no rules source");
        }
        Reloader.Outcome outcome = reloader.reload();
        return done("reload: " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                + (outcome == Reloader.Outcome.REJECTED ? " (problems in the agent's log; the last good rules stay)" : ""));
    }

    private static String done(String what) {
        LOG.warn("operator (JMX): {}", what);
        return what;
    }

    private static String refuse(String operation, Engine engine, String why) {
        return operation + " refused: " + (engine == null ? "the agent has no rules in force" : why);
    }
}
