package io.zero429;


import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.FaultInjection;
import io.zero429.instrument.HookTransformer;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.Instrumentations;
import io.zero429.limit.LimiterPool;
import io.zero429.observe.Observability;
import io.zero429.rules.Problem;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesException;
import io.zero429.rules.RulesSource;
import io.zero429.store.Stores;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agent, on the bootstrap class path (see {@link Agent}): reads the rules, builds the engine and weaves
 * the client hooks. Only a bad rules file stops the JVM, with every problem printed, unless the operator asked to
 * go on without zero429 ({@code -Dzero429.on-bad-rules=continue}).
 */
public final class AgentInstaller {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    private static volatile Reloader reloader;

    private AgentInstaller() {
    }

    /** Called reflectively by {@link Agent}; every failure is handled here. */
    public static void install(String args, Instrumentation instrumentation, File agentJar) {
        RulesSource source = RulesSource.fromSystem(args);
        String enabled = source.flag("enabled");
        if (enabled != null && enabled.trim().equalsIgnoreCase("false")) {
            LOG.info("zero429 is disabled (enabled=false): nothing installed");
            return;
        }
        if (source.isEmpty()) {
            LOG.info("zero429: no rules given (-Dzero429.rules=FILE or -javaagent:zero429-agent.jar=rules=FILE): "
                    + "nothing installed");
            return;
        }
        // The file as it is before it is read: a change made while the agent starts is seen by the watch.
        Object rulesStamp = source.rulesFile() == null ? null : RulesWatcher.stamp(source.rulesFile());
        RulesConfig config;
        try {
            config = source.load();
        } catch (RulesException e) {
            stopOrContinue(e, source);
            return;
        }
        for (Problem warning : config.warnings()) {
            LOG.warn("{}", warning);
        }
        if (!config.enabled()) {
            LOG.info("zero429 is disabled by {} (enabled = false): nothing installed", config.source());
            return;
        }
        if (FaultInjection.ENABLED) {
            // Read here, at start, so that no application thread initializes it (a virtual thread would pin).
            LOG.warn("faults are injected on purpose (-D{}): a test switch, not for production", FaultInjection.PROPERTY);
        }
        try {
            initializeAgentClasses(agentJar);
            Hooks.install(new Engine(config, new LimiterPool(config.limiters(), new Stores())));
            List<ClientInstrumentation> families = Instrumentations.all();
            weave(instrumentation, agentJar, families);
            LOG.info("zero429 {}: rules {}, {} limiters, {} rules, mode {}, instrumenting {}", version(),
                    config.source(), config.limiters().size(), config.rules().size(),
                    config.mode().name().toLowerCase(Locale.ROOT),
                    families.stream().map(ClientInstrumentation::name).collect(Collectors.joining(", ")));
            watchRules(source, rulesStamp);
            Observability.start(source, () -> Hooks.engine().statistics());
        } catch (RuntimeException | LinkageError | IOException e) {
            LOG.error("zero429 could not install its hooks; the application runs without it", e);
        }
    }

    /** See {@link AgentClasses}; without it the agent works as well, its first requests only pay more. */
    private static void initializeAgentClasses(File agentJar) {
        long start = System.nanoTime();
        try (JarFile jar = new JarFile(agentJar)) {
            int classes = AgentClasses.initialize(jar, AgentInstaller.class.getClassLoader());
            LOG.debug("{} agent classes initialized in {} ms", classes, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            LOG.debug("agent classes left to load on first use: {}", e.toString());
        }
    }

    /** The agent's reloader (JMX {@code reload()}), or null before start-up or when nothing was installed. */
    public static Reloader reloader() {
        return reloader;
    }

    /**
     * Hot reload: the rules file is looked at every {@code reload.interval} (default 2 s; {@code off} disables the
     * watch, a reload can still be asked for over JMX).
     */
    private static void watchRules(RulesSource source, Object rulesStamp) {
        reloader = new Reloader(source);
        try {
            Control.register(reloader);
        } catch (javax.management.JMException | RuntimeException | LinkageError e) {
            LOG.warn("JMX operations (emergency, pause, reload) not registered: {}", e.toString());
        }
        String interval = source.flag("reload.interval");
        if (source.rulesFile() == null || interval != null && interval.trim().matches("(?i)off|0")) {
            return;
        }
        long millis = 2000;
        try {
            millis = Math.max(1, source.durationFlag("reload.interval", millis * 1_000_000) / 1_000_000);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; watching every 2 s", e.getMessage());
        }
        new RulesWatcher(source.rulesFile(), reloader, millis, rulesStamp).start();
    }

    private static void stopOrContinue(RulesException e, RulesSource source) {
        for (Problem problem : e.problems()) {
            System.err.println("[zero429] ERROR " + problem);
        }
        if ("continue".equalsIgnoreCase(String.valueOf(source.flag("on-bad-rules")).trim())) {
            LOG.error("{} problem(s) in the rules: continuing WITHOUT zero429, as -Dzero429.on-bad-rules=continue asks",
                    e.problems().size());
            return;
        }
        System.err.println("[zero429] ERROR the JVM stops: its rate-limit rules are invalid (" + e.problems().size()
                + " problem(s) above). Fix them, or start with -Dzero429.on-bad-rules=continue to run without zero429.");
        System.exit(2);
    }

    private static void weave(Instrumentation instrumentation, File agentJar, List<ClientInstrumentation> families)
            throws IOException {
        ClassFileLocator advice = ClassFileLocator.ForJarFile.of(agentJar);
        for (ClientInstrumentation family : families) {
            family.prepare(instrumentation);
        }
        new HookTransformer(families, advice).install(instrumentation);
    }

    private static String version() {
        String v = AgentInstaller.class.getPackage() == null ? null
                : AgentInstaller.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
