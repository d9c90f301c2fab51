package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code store = redis://}: limiters of two "processes" (each its own store connection, heartbeat and process name)
 * plan on one schedule kept by a real {@code redis-server}, on its clock. Departures are checked as planned (nothing
 * sleeps), against the wall clock the store's waits are measured on.
 */
class RedisScheduleTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private RedisServer server;
    private final List<RedisStore> stores = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new RedisServer();
    }

    @AfterEach
    void stop() throws Exception {
        stores.forEach(RedisStore::close);
        server.close();
    }

    private LimiterSpec.Builder upbit() {
        return LimiterSpec.builder("upbit").limit(new LimitSpec(10, TimeUnit.SECONDS.toNanos(1), 10))
                .storeRedis(server.url());
    }

    private Limiter process(LimiterSpec spec, String name) {
        RedisStore store = new RedisStore(RedisAddress.parse(spec.storeRedis()), spec.storeTimeoutNanos(), name);
        stores.add(store);
        Limiter limiter = new Limiter(spec);
        limiter.shareRemote(new RedisSchedule(store, spec));
        return limiter;
    }

    private static long waitOf(Limiter limiter) throws Zero429WaitTimeoutException {
        return limiter.reserve(1) - System.nanoTime();
    }

    @Test
    void twoProcessesShareOneBucket() throws Exception {
        LimiterSpec spec = upbit().build();
        Limiter a = process(spec, "a");
        Limiter b = process(spec, "b");
        for (int i = 0; i < 5; i++) {
            assertTrue(waitOf(a) < 20 * MS, "the burst is shared: the first ten go at once");
            long w = waitOf(b);
            assertTrue(w < 20 * MS, "b waited " + w / MS + " ms, on its share: " + b.onLocalShare());
        }
        // Alone, b would have five more at once; shared, the eleventh waits an interval (100 ms and the 2% margin).
        long wait = waitOf(b);
        assertTrue(wait >= 90 * MS && wait <= 130 * MS, "the eleventh waited " + wait / MS + " ms");
        long next = waitOf(a);
        assertTrue(next >= 190 * MS && next <= 230 * MS, "the twelfth waited " + next / MS + " ms");
    }

    @Test
    void twoProcessesShareOneWindow() throws Exception {
        LimiterSpec spec = LimiterSpec.builder("kis").limit(new LimitSpec(20, TimeUnit.SECONDS.toNanos(1), 1))
                .mode(LimitMode.WINDOW).storeRedis(server.url()).build();
        Limiter a = process(spec, "a");
        Limiter b = process(spec, "b");
        for (int i = 0; i < 10; i++) {
            assertTrue(waitOf(a) < 20 * MS);
            assertTrue(waitOf(b) < 20 * MS);
        }
        long wait = waitOf(a);
        assertTrue(wait >= 950 * MS && wait <= 1100 * MS, "the 21st waits for the window: " + wait / MS + " ms");
    }

    @Test
    void aRefusalPastMaxWaitCommitsNothing() throws Exception {
        Limiter patient = process(upbit().build(), "a");
        Limiter hurried = process(upbit().maxWaitNanos(50 * MS).build(), "b");
        for (int i = 0; i < 10; i++) {
            waitOf(patient);
        }
        for (int i = 0; i < 3; i++) {
            assertThrows(Zero429WaitTimeoutException.class, () -> hurried.reserve(1));
        }
        long wait = waitOf(patient);
        assertTrue(wait <= 130 * MS, "the refusals took no slot: the eleventh waits one interval, " + wait / MS + " ms");
    }

    @Test
    void aChangedDefinitionGetsAScheduleOfItsOwn() throws Exception {
        Limiter ten = process(upbit().build(), "a");
        for (int i = 0; i < 10; i++) {
            waitOf(ten);
        }
        Limiter five = process(LimiterSpec.builder("upbit").limit(new LimitSpec(5, TimeUnit.SECONDS.toNanos(1), 5))
                .storeRedis(server.url()).build(), "b");
        assertTrue(waitOf(five) < 20 * MS, "other limits under the same name: not the spent schedule of 10/s");
    }

    @Test
    void aKilledStoreLeavesEachProcessItsShareAndItsReturnNoBurst() throws Exception {
        LimiterSpec spec = upbit().build();
        Limiter a = process(spec, "a");
        process(spec, "b");
        awaitProcesses(2);
        for (int i = 0; i < 10; i++) {
            waitOf(a);
        }
        server.kill();
        long asked = System.nanoTime();
        long wait = waitOf(a); // no exception: planned on the share, half of 10/s, spent at the switch
        assertTrue(System.nanoTime() - asked < 200 * MS, "the failure took the store's timeout at most");
        assertTrue(a.onLocalShare(), "plans on its local share");
        assertTrue(wait >= 190 * MS && wait <= 260 * MS, "one interval of 5/s: " + wait / MS + " ms");
        server.start();
        awaitAvailable();
        long back = waitOf(a);
        assertFalse(a.onLocalShare(), "shares the store's schedule again");
        // The restarted server forgot the schedule; the rejoin counts it full, as the real server may be.
        assertTrue(back >= 90 * MS, "no burst on the return: " + back / MS + " ms");
    }

    @Test
    void aStalledStoreTimesOutToTheShareAndIsRejoined() throws Exception {
        LimiterSpec spec = upbit().build();
        Limiter a = process(spec, "a");
        waitOf(a);
        server.stall();
        long asked = System.nanoTime();
        waitOf(a);
        long took = System.nanoTime() - asked;
        assertTrue(took < 200 * MS, "a stalled store costs the timeout (50 ms), took " + took / MS + " ms");
        assertTrue(a.onLocalShare());
        asked = System.nanoTime();
        waitOf(a);
        assertTrue(System.nanoTime() - asked < 20 * MS, "a store known to be down is not asked again per request");
        server.resume();
        awaitAvailable();
        waitOf(a);
        assertFalse(a.onLocalShare());
    }

    private void awaitProcesses(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stores.get(0).processes() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(stores.get(0).processes() >= count, "heartbeats: " + stores.get(0).processes());
    }

    private void awaitAvailable() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!stores.get(0).available() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(stores.get(0).available(), "the heartbeat found the store back");
    }
}
