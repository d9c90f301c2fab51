package io.zero429;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.Hooks;
import io.zero429.limit.Limiter;
import io.zero429.rules.RulesSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6 §3: the operator's JMX operations, invoked through the platform MBean server as JConsole would. */
class ControlTest {
    @TempDir
    Path dir;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void uninstall() throws Exception {
        Hooks.install(null);
        server.unregisterMBean(new ObjectName(Control.OBJECT_NAME));
    }

    private Path start(String kisLimits) throws Exception {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, "limiter.kis.limits = " + kisLimits + "\nrule.kis.match = kis.example.com\n"
                + "rule.kis.limiter = kis\n");
        Reloader reloader = new Reloader(new RulesSource(Map.of("zero429.rules", file.toString()), null));
        reloader.reload();
        Control.register(reloader);
        return file;
    }

    private Object invoke(String operation, Object[] args, String[] types) throws Exception {
        return server.invoke(new ObjectName(Control.OBJECT_NAME), operation, args, types);
    }

    private static long spacing(Limiter limiter) throws Exception {
        long first = limiter.reserve(1);
        return limiter.reserve(1) - first;
    }

    @Test
    void emergencyHalvesEveryLimitersRate() throws Exception {
        start("10/s");
        Limiter kis = Hooks.engine().pool().shared("kis");
        long normal = spacing(kis);
        assertEquals("emergency: 1 limiters at half their rate for 30 s",
                invoke("emergency", new Object[] {30L}, new String[] {"long"}));
        long halved = spacing(kis);
        long jitter = TimeUnit.MILLISECONDS.toNanos(3); // each departure may leave up to 1 ms late
        assertTrue(Math.abs(halved - 2 * normal) <= jitter, normal + " then " + halved);
    }

    @Test
    void pauseStopsOneLimiterAndNamesTheOthersWhenMistaken() throws Exception {
        start("10/s");
        assertEquals("pause: limiter 'kis' (1 budget(s)) paused for 20 s",
                invoke("pause", new Object[] {"kis", 20L}, new String[] {String.class.getName(), "long"}));
        long paused = Hooks.engine().pool().shared("kis").pausedUntil() - System.nanoTime();
        assertTrue(paused > TimeUnit.SECONDS.toNanos(19) && paused <= TimeUnit.SECONDS.toNanos(20), "" + paused);
        assertEquals("pause refused: no limiter named 'kiss'; limiters: [kis]",
                invoke("pause", new Object[] {"kiss", 20L}, new String[] {String.class.getName(), "long"}));
        assertTrue(((String) invoke("emergency", new Object[] {0L}, new String[] {"long"})).contains("refused"));
    }

    @Test
    void reloadReadsTheFileNowAndRejectsABadOne() throws Exception {
        Path file = start("10/s");
        Files.writeString(file, "limiter.kis.limits = 18/s\nrule.kis.match = kis.example.com\nrule.kis.limiter = kis\n");
        assertEquals("reload: installed", invoke("reload", new Object[0], new String[0]));
        assertEquals("18/s", Hooks.engine().pool().shared("kis").spec().limits().get(0).toString());
        Files.writeString(file, "limiter.kis.limits = 18/x\n");
        assertEquals("reload: rejected (problems in the agent's log; the last good rules stay)",
                invoke("reload", new Object[0], new String[0]));
        assertEquals("18/s", Hooks.engine().pool().shared("kis").spec().limits().get(0).toString());
    }
}
