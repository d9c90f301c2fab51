package io.zero429.bench.overhead;

import java.util.Arrays;

/**
 * The latency probe: sequential GETs to an in-process loopback server, a long warm-up, then every measured request
 * timed with {@link System#nanoTime()}. Arguments: warm-up count, measured count. Reports the median, p90, p99 and
 * the agent's admission count (so the driver can check the mode did what it says).
 */
public final class LatencyProbe {
    private LatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        long[] nanos = new long[measured];
        try (LoopbackServer server = LoopbackServer.start()) {
            Http http = new Http(server.uri("/v1/ping"));
            for (int i = 0; i < warmup; i++) {
                http.get();
            }
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                http.get();
                nanos[i] = System.nanoTime() - start;
            }
            ProbeReport.emit("served", server.served());
        }
        Arrays.sort(nanos);
        ProbeReport.emit("p50", Stats.percentile(nanos, 50));
        ProbeReport.emit("p90", Stats.percentile(nanos, 90));
        ProbeReport.emit("p99", Stats.percentile(nanos, 99));
        ProbeReport.emitAgentState();
    }
}
