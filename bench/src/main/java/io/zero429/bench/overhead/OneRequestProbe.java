package io.zero429.bench.overhead;

import java.net.URI;

/**
 * The start-up probe: a hello-world that makes one HTTP request and exits. {@link StartupBench} times the whole JVM,
 * from process start to exit, and splits it at the moment {@code main} was entered (after the JVM and the agent's
 * premain). Argument: the URL of a loopback server.
 */
public final class OneRequestProbe {
    private OneRequestProbe() {
    }

    public static void main(String[] args) throws Exception {
        // System.nanoTime is CLOCK_MONOTONIC on Linux, shared by all processes: the driver splits the start-up here.
        long mainEntered = System.nanoTime();
        new Http(URI.create(args[0])).get();
        System.out.println("hello, one request done");
        ProbeReport.emit("mainEntered", mainEntered);
    }
}
