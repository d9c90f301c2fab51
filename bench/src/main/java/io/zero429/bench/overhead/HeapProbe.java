package io.zero429.bench.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.URI;
import javax.management.ObjectName;

/**
 * The memory probe: one request (the client stays reachable, as in an application), then full GCs until the used
 * heap stops shrinking, then the used heap, metaspace and loaded class count, and the class histogram lines of the
 * agent's own classes ({@code io.zero429.*}, which includes its shaded Byte Buddy and SLF4J). Argument: the URL of
 * a loopback server.
 */
public final class HeapProbe {
    /** Keeps the client alive through the GCs. */
    static Http client;

    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        client = new Http(URI.create(args[0]));
        client.get();
        ProbeReport.emitAgentState();
        ProbeReport.emit("heapUsed", usedHeapAfterFullGcs());
        ProbeReport.emit("metaspaceUsed", poolUsed("Metaspace") + poolUsed("Compressed Class Space"));
        ProbeReport.emit("classes", ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        for (String line : classHistogram().split("\n")) {
            if (line.contains("io.zero429.") && !line.contains(HeapProbe.class.getPackageName())) {
                System.out.println(ProbeReport.PREFIX + "histogram " + line.trim());
            }
        }
    }

    /** Full GCs (G1 runs System.gc() as a full, compacting collection) until the used heap stops falling. */
    private static long usedHeapAfterFullGcs() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            // Give the reference handler and cleaners a moment to release what the collection found unreachable.
            Thread.sleep(50);
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static long poolUsed(String name) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(name)) {
                return pool.getUsage().getUsed();
            }
        }
        return 0;
    }

    /** What {@code jcmd <pid> GC.class_histogram} prints (live objects, after a full GC), read in-process. */
    private static String classHistogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }
}
