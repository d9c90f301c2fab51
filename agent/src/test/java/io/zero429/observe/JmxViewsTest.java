package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The MBeans JConsole shows, read through the platform MBean server as it reads them. */
class JmxViewsTest {
    @Test
    void oneMBeanPerLimiterAndRuleWithLiveAttributes() throws Exception {
        ObservedEngine observed = new ObservedEngine().request("ticker", TimeUnit.MILLISECONDS.toNanos(30), 429);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Statistics[] current = {observed.statistics()};
        JmxViews views = new JmxViews(server, () -> current[0]);
        List<ObjectName> names = views.refresh();
        try {
            assertEquals(3 + 4, names.size());
            ObjectName market = new ObjectName("io.zero429:type=Limiter,name=market");
            assertEquals(1L, server.getAttribute(market, "Requests"));
            assertEquals(1L, server.getAttribute(market, "DelayedRequests"));
            assertEquals(30.0, server.getAttribute(market, "WaitMaxMillis"));
            assertEquals(30.0, server.getAttribute(market, "WaitP99Millis"));
            assertEquals(1L, server.getAttribute(market, "LimitSignals"));
            assertTrue((Double) server.getAttribute(market, "RateRatio") < 1.0);
            assertEquals("closed", server.getAttribute(market, "BreakerState"));
            assertTrue(((String) server.getAttribute(market, "LastSignal")).startsWith("429 (HTTP 429) at "));

            observed.request("ticker", 0, 200);
            assertEquals(2L, server.getAttribute(market, "Requests"), "attributes are read live");
            assertEquals(2L, server.getAttribute(new ObjectName("io.zero429:type=Rule,name=ticker"), "Requests"));

            current[0] = new ObservedEngine().statistics();
            assertEquals(0L, server.getAttribute(market, "Requests"), "the views read the statistics in force");
        } finally {
            views.unregister();
        }
        assertTrue(names.stream().noneMatch(server::isRegistered));
    }

    @Test
    void aNameWithCharactersJmxReservesIsQuoted() throws Exception {
        assertEquals("io.zero429:type=Limiter,name=upbit-market",
                JmxViews.objectName("Limiter", "upbit-market").toString());
        assertEquals("a,b", ObjectName.unquote(JmxViews.objectName("Limiter", "a,b").getKeyProperty("name")));
    }
}
