package io.zero429.observe;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers one MBean per limiter ({@code io.zero429:type=Limiter,name=<limiter>}) and per rule
 * ({@code io.zero429:type=Rule,name=<rule>}) on the platform MBean server, where JConsole and VisualVM find them.
 */
public final class JmxViews {
    public static final String DOMAIN = "io.zero429";

    private JmxViews() {
    }

    /** Registers them all on {@code server}; returns their names. A name already registered is replaced. */
    public static List<ObjectName> register(MBeanServer server, Statistics statistics) throws JMException {
        List<ObjectName> names = new ArrayList<>();
        for (String limiter : statistics.limiterNames()) {
            names.add(register(server, objectName("Limiter", limiter),
                    new LimiterView(() -> statistics.limiter(limiter))));
        }
        for (FlowFigures rule : statistics.rules()) {
            String name = rule.name();
            names.add(register(server, objectName("Rule", name), new RuleView(() -> statistics.rule(name))));
        }
        return names;
    }

    public static List<ObjectName> register(Statistics statistics) throws JMException {
        return register(ManagementFactory.getPlatformMBeanServer(), statistics);
    }

    private static ObjectName register(MBeanServer server, ObjectName name, Object view) throws JMException {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(view, name);
        return name;
    }

    /** {@code io.zero429:type=TYPE,name=NAME}, the name quoted only if it holds a character JMX reserves. */
    public static ObjectName objectName(String type, String name) throws JMException {
        boolean plain = name.chars().noneMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
        return new ObjectName(DOMAIN + ":type=" + type + ",name=" + (plain ? name : ObjectName.quote(name)));
    }
}
