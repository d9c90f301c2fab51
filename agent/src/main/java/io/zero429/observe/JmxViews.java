package io.zero429.observe;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * One MBean per limiter ({@code io.zero429:type=Limiter,name=<limiter>}) and per rule
 * ({@code io.zero429:type=Rule,name=<rule>}) on an MBean server (the platform one, where JConsole and VisualVM
 * find them). After a reload, {@link #refresh} makes the set match the new rules.
 */
public final class JmxViews {
    public static final String DOMAIN = "io.zero429";

    private final MBeanServer server;
    private final Supplier<Statistics> statistics;
    private final List<ObjectName> registered = new ArrayList<>();

    public JmxViews(MBeanServer server, Supplier<Statistics> statistics) {
        this.server = server;
        this.statistics = statistics;
    }

    public static JmxViews platform(Supplier<Statistics> statistics) {
        return new JmxViews(ManagementFactory.getPlatformMBeanServer(), statistics);
    }

    /** Unregisters the views of the previous rules and registers one per current limiter and rule. */
    public synchronized List<ObjectName> refresh() throws JMException {
        unregister();
        Statistics now = statistics.get();
        for (String limiter : now.limiterNames()) {
            register(objectName("Limiter", limiter), new LimiterView(() -> statistics.get().limiter(limiter)));
        }
        for (FlowFigures rule : now.rules()) {
            String name = rule.name();
            register(objectName("Rule", name), new RuleView(() -> statistics.get().rule(name)));
        }
        return new ArrayList<>(registered);
    }

    public synchronized void unregister() throws JMException {
        for (ObjectName name : registered) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        }
        registered.clear();
    }

    /** A name already taken (another agent's view, a previous registration) is replaced. */
    private void register(ObjectName name, Object view) throws JMException {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(view, name);
        registered.add(name);
    }

    /** {@code io.zero429:type=TYPE,name=NAME}, the name quoted only if it holds a character JMX reserves. */
    public static ObjectName objectName(String type, String name) throws JMException {
        boolean plain = name.chars().noneMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
        return new ObjectName(DOMAIN + ":type=" + type + ",name=" + (plain ? name : ObjectName.quote(name)));
    }
}
