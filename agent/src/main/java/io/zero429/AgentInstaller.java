package io.zero429;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.zero429.instrument.ClientInstrumentation;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.Instrumentations;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.Problem;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesException;
import io.zero429.rules.RulesSource;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agent, on the bootstrap class path (see {@link Agent}): reads the rules, builds the engine and weaves
 * the client hooks. Only a bad rules file stops the JVM, with every problem printed, unless the operator asked to
 * go on without zero429 ({@code -Dzero429.on-bad-rules=continue}).
 */
public final class AgentInstaller {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");

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
        try {
            Hooks.install(new Engine(config, new LimiterPool(config.limiters())));
            List<ClientInstrumentation> families = Instrumentations.all();
            weave(instrumentation, agentJar, families);
            LOG.info("zero429 {}: rules {}, {} limiters, {} rules, mode {}, instrumenting {}", version(),
                    config.source(), config.limiters().size(), config.rules().size(),
                    config.mode().name().toLowerCase(Locale.ROOT),
                    families.stream().map(ClientInstrumentation::name).collect(Collectors.joining(", ")));
        } catch (RuntimeException | LinkageError | IOException e) {
            LOG.error("zero429 could not install its hooks; the application runs without it", e);
        }
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
        ClassFileLocator advice = new ClassFileLocator.Compound(ClassFileLocator.ForJarFile.of(agentJar),
                ClassFileLocator.ForClassLoader.ofSystemLoader(),
                ClassFileLocator.ForClassLoader.of(ClassLoader.getPlatformClassLoader()));
        // Advice is inlined, so Byte Buddy's Nexus (for loaded-type initializers) is never needed; left on, its set-up
        // touches sun.misc.Unsafe, which Java 24+ reports with a warning on the application's console. The property
        // is relocated with Byte Buddy (io.zero429.shaded...), so an application's own Byte Buddy is unaffected.
        System.setProperty(Nexus.PROPERTY, "true");
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                // Advice only adds code to existing methods: decorating the class file is enough (and cheapest).
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new FailureLog())
                // Unlike Byte Buddy's default, JDK classes are not ignored: HttpClientImpl and HttpURLConnection are.
                // Only name matchers here: anything else would make Byte Buddy parse every class the JVM loads.
                .ignore(nameStartsWith("io.zero429.").or(nameStartsWith("net.bytebuddy.")));
        for (ClientInstrumentation family : families) {
            family.prepare(instrumentation);
            builder = family.extend(builder, advice);
        }
        builder.installOn(instrumentation);
    }

    private static String version() {
        String v = AgentInstaller.class.getPackage() == null ? null
                : AgentInstaller.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** A class that could not be woven is logged once; the application goes on with it unthrottled. */
    private static final class FailureLog extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            Hooks.faults().fault("weaving " + typeName, throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                boolean loaded, DynamicType dynamicType) {
            LOG.debug("hooked {}", typeDescription.getName());
        }
    }
}
