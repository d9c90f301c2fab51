package io.zero429.instrument.virtualthreads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.testing.LimitedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 virtual threads call {@code HttpClient.send} through one {@code 10/s burst 10} limiter with a max-wait of
 * 10 s (agent-it.properties, limiter {@code vt}). Runs on Java 21+ only (the failsafe {@code jdk25} execution; compiled
 * for 17, so virtual threads are reached by reflection). The waiting threads must park without pinning their
 * carriers: JFR records no {@code jdk.VirtualThreadPinned} event, and another virtual thread still runs at once while
 * hundreds wait.
 */
class VirtualThreadsIT {
    private static final int THREADS = 1000;

    @TempDir
    Path dir;

    @Test
    void aThousandVirtualThreadsWaitForTheirSlotsWithoutPinningACarrier() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+; this JVM is "
                + Runtime.version());
        HttpClient client = HttpClient.newHttpClient();
        try (LimitedServer server = new LimitedServer(10, 10); Recording recording = new Recording()) {
            ExecutorService threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                    .invoke(null);
            // Open a burst's worth of connections first (see AbstractHttpClientTest.warmUp: a cold burst on fresh
            // connections reaches the server late, and the next requests early).
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(threads.submit(() -> client.send(HttpRequest.newBuilder(URI.create(server.url("/warm-up")))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
            calls.clear();
            server.reset();
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            long start = System.nanoTime();
            for (int i = 0; i < THREADS; i++) {
                calls.add(threads.submit(() -> client.send(HttpRequest.newBuilder(
                        URI.create(server.url("/limited/vt/" + Thread.currentThread().getId()))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            // While many virtual threads wait for their slot, the carriers are free for other work.
            TimeUnit.SECONDS.sleep(2);
            long probeStart = System.nanoTime();
            threads.submit(() -> 42).get(5, TimeUnit.SECONDS);
            long probe = System.nanoTime() - probeStart;

            int ok = 0;
            int timedOut = 0;
            List<String> other = new ArrayList<>();
            for (Future<Integer> call : calls) {
                try {
                    int status = call.get(60, TimeUnit.SECONDS);
                    ok += status == 200 ? 1 : 0;
                    if (status != 200) {
                        other.add("status " + status);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Zero429WaitTimeoutException) {
                        timedOut++;
                    } else {
                        other.add(String.valueOf(e.getCause()));
                    }
                }
            }
            long elapsed = System.nanoTime() - start;
            threads.shutdown();
            recording.stop();
            Path file = dir.resolve("vt.jfr");
            recording.dump(file);
            List<RecordedEvent> pinned = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned")).collect(Collectors.toList());
            // The JDK itself may pin briefly (class initialisation, native frames); what must never pin is a wait
            // for a slot, whose stack runs through the agent.
            List<String> pinnedByTheAgent = pinned.stream().filter(VirtualThreadsIT::throughTheAgent)
                    .map(e -> e.getStackTrace().getFrames().toString()).collect(Collectors.toList());

            assertEquals(List.of(), other, "every call either served or refused with the documented exception");
            assertEquals(THREADS, ok + timedOut);
            assertEquals(0, server.rejected(), "requests the server saw over its limit");
            // 10 at once, then 10/s (less the 2% margin) for the 10 s max-wait.
            assertTrue(ok >= 100 && ok <= 112, ok + " served in " + elapsed / 1_000_000 + " ms");
            assertTrue(probe < TimeUnit.MILLISECONDS.toNanos(500), "a virtual thread had to wait "
                    + probe / 1_000_000 + " ms for a carrier");
            assertEquals(List.of(), pinnedByTheAgent, "virtual threads pinned while in the agent (" + pinned.size()
                    + " pinned events in all)");
            assertTrue(Files.size(file) > 0);
        }
    }

    private static boolean throughTheAgent(RecordedEvent event) {
        return event.getStackTrace() == null || event.getStackTrace().getFrames().stream().anyMatch(frame -> {
            String type = frame.getMethod().getType().getName();
            return type.startsWith("io.zero429.") && !type.startsWith(VirtualThreadsIT.class.getName());
        });
    }
}
