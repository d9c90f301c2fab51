package io.zero429.bench.overhead;

import java.net.URI;
import java.util.Arrays;

/**
 * The latency probe: sequential GETs to an in-process loopback server, a long warm-up, then every measured request
 * timed with {@link System#nanoTime()}. Arguments: warm-up count, measured count, and the client ({@code jdk}, the
 * default, or one of {@link ProbeClients}). Reports the median, p90, p99 and the agent's admission count (so the driver
 * can check the mode did what it says).
 */
public final class LatencyProbe {
    private LatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        long[] nanos = new long[measured];
        String client = args.length > 2 ? args[2] : "jdk";
        try (LoopbackServer server = LoopbackServer.start()) {
            URI uri = server.uri("/v1/ping");
            ProbeClients.Sender http = client.equals("jdk") ? new Http(uri)::status : ProbeClients.of(client, uri);
            for (int i = 0; i < warmup; i++) {
                ProbeClients.expect200(http.send(), uri);
            }
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                int status = http.send();
                nanos[i] = System.nanoTime() - start;
                ProbeClients.expect200(status, uri);
            }
            ProbeReport.emit("served", server.served());
        }
        Arrays.sort(nanos);
        ProbeReport.emit("p50", Stats.percentile(nanos, 50));
        ProbeReport.emit("p90", Stats.percentile(nanos, 90));
        ProbeReport.emit("p99", Stats.percentile(nanos, 99));
        ProbeReport.emitAgentState();
        System.exit(0); // Vert.x's event loops and Jetty's threads are not daemons
    }
}
