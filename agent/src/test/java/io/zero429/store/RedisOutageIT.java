package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.instrument.testing.LimitedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store = redis://} through an outage: the four JVMs of {@link SharedFileStoreIT}, each demanding the whole
 * Upbit bucket (10/s burst 10) against a server that enforces it exactly, share it through a real
 * {@code redis-server} that is killed (SIGKILL) while they send and restarted 10 s later, empty. No request fails
 * (every one is answered 200: the application never sees the store), none is rejected (while the store is gone each
 * JVM plans on its share, a quarter of the bucket, and neither switch lets a burst through), and the JVMs share the
 * restarted store's schedule again within 5 s (each says so). The same when the store stalls (SIGSTOP) for 10 s and
 * resumes.
 */
class RedisOutageIT {
    private static final int REQUESTS = 45;

    @TempDir
    Path dir;

    @Test
    void aKilledAndRestartedStoreCostsNoRejectionAndNoError() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            // SIGKILL: connections reset; restarted empty (no persistence), its scripts and schedules gone.
            throughAnOutage(redis, "killed and restarted", redis::kill, redis::start);
        }
    }

    @Test
    void aStalledStoreCostsNoRejectionAndNoError() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            // SIGSTOP: connections stay open and nothing answers (a hung server, a long pause); what it was sent
            // meanwhile runs, late, when it resumes.
            throughAnOutage(redis, "stalled", redis::stall, redis::resume);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /**
     * The four bots on the store; once 30 requests are accepted the store is stopped for 10 s, then brought back:
     * every request answered 200, none rejected, at least 40 accepted on the local shares meanwhile (a quarter each:
     * 8/s), and every JVM said it was on the store again within 5 s of the return.
     */
    private void throughAnOutage(RedisServer redis, String outage, Step stop, Step back) throws Exception {
        try (LimitedServer server = new LimitedServer(10, 10)) {
            List<Map.Entry<Process, Path>> bots = SharedFileStoreIT.start(dir, server,
                    "defaults.store = " + redis.url() + "\n", List.of("/limited/shared/x"), REQUESTS);
            awaitAccepted(server, 30);
            int[] saidBeforeStop = outputLengths(bots); // four cold JVMs may have timed out once as they started
            long stoppedAt = System.nanoTime();
            stop.run();
            int acceptedAtStop = server.accepted();
            sleepUntil(stoppedAt + TimeUnit.SECONDS.toNanos(10));
            int acceptedDuringOutage = server.accepted() - acceptedAtStop;
            int[] saidBeforeReturn = outputLengths(bots);
            back.run();
            long returnedAt = System.nanoTime();
            long everyJvmBackAfter = awaitEveryBotSaid(bots, "answers again", saidBeforeReturn,
                    returnedAt + TimeUnit.SECONDS.toNanos(5)) - returnedAt;
            List<String> outputs = SharedFileStoreIT.finish(bots);
            for (String output : outputs) {
                output.lines().filter(line -> line.contains("WARN") || line.contains("ERROR"))
                        .forEach(line -> System.out.println("OUTAGE bot: " + line));
            }
            System.out.printf("OUTAGE redis store %s: 4 JVMs, %d accepted, %d rejected; %d accepted during the 10 s; "
                    + "every JVM on the store again %d ms after its return; longest gap %s%n", outage,
                    server.accepted(), server.rejected(), acceptedDuringOutage,
                    TimeUnit.NANOSECONDS.toMillis(everyJvmBackAfter), server.longestGap());
            assertEquals(0, server.rejected(), "rejected at (ms) " + server.rejectedAtMillis() + "; the bots said "
                    + outputs);
            for (int i = 0; i < outputs.size(); i++) {
                String output = outputs.get(i);
                assertTrue(output.contains("statuses {200=" + REQUESTS + "}"), "every request answered: " + output);
                assertTrue(output.indexOf("does not answer", saidBeforeStop[i]) >= 0, "the outage was seen and said: "
                        + output);
            }
            assertTrue(acceptedDuringOutage >= 40, "the JVMs went on on their shares during the outage: "
                    + acceptedDuringOutage + " in 10 s");
            assertTrue(everyJvmBackAfter <= TimeUnit.SECONDS.toNanos(5), "every JVM on the store again within 5 s of "
                    + "its return; the bots said " + outputs);
        }
    }

    /** How much each bot has printed so far. */
    private static int[] outputLengths(List<Map.Entry<Process, Path>> bots) throws Exception {
        int[] lengths = new int[bots.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = java.nio.file.Files.readString(bots.get(i).getValue()).length();
        }
        return lengths;
    }

    /**
     * When the last of the bots had printed {@code said} after what it had printed by {@code since} (polled in their
     * output files), or far in the future.
     */
    private static long awaitEveryBotSaid(List<Map.Entry<Process, Path>> bots, String said, int[] since, long deadline)
            throws Exception {
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < since.length; i++) {
                all &= java.nio.file.Files.readString(bots.get(i).getValue()).indexOf(said, since[i]) >= 0;
            }
            if (all) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        return Long.MAX_VALUE / 2;
    }

    private static void awaitAccepted(LimitedServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.accepted() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.accepted() >= count, "the bots started sending");
    }

    private static void sleepUntil(long at) throws InterruptedException {
        long left;
        while ((left = at - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
