package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.limit.LimiterSpec;
import io.zero429.limit.RemoteSchedule;
import io.zero429.limit.SharedState;
import io.zero429.limit.SharedStates;
import io.zero429.limit.RemoteRequest;
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
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertTrue(waitOf(a) < 20 * MS, "the burst is shared: the first ten go at once");
            long w = waitOf(b);
            assertTrue(w < 20 * MS, "b waited " + w / MS + " ms, on its share: " + b.onLocalShare());
        }
        // Alone, b would have five more at once; shared, the eleventh waits an interval (100 ms and the 2% margin), and
        // the first request's lateness: it may have left up to the store's timeout (50 ms) after it was planned, and
        // the server's bucket started when it arrived.
        long wait = b.reserve(1) - start;
        assertTrue(wait >= 150 * MS && wait <= 200 * MS, "the eleventh left " + wait / MS + " ms after the first");
        long next = a.reserve(1) - start;
        assertTrue(next >= 250 * MS && next <= 300 * MS, "the twelfth left " + next / MS + " ms after the first");
    }

    @Test
    void aPauseOneProcessWasToldHoldsEveryProcess() throws Exception {
        LimiterSpec spec = upbit().build();
        Limiter a = process(spec, "a");
        Limiter b = process(spec, "b");
        assertTrue(waitOf(b) < 20 * MS);
        long told = System.nanoTime();
        a.onLimitSignal(told, 1000 * MS); // a's server answered 429 with Retry-After: 1
        long deadline = told + 500 * MS;
        while (!fieldSet("zero429:{upbit:*", "pause") && System.nanoTime() < deadline) {
            Thread.sleep(5); // told in the background, by a's heartbeat thread
        }
        long departure = b.reserve(1) - told;
        assertTrue(departure >= 999 * MS && departure <= 1100 * MS, "b's next request waits out the pause a was told "
                + "of: it left " + departure / MS + " ms after");
        assertTrue(b.pausedUntil() - told >= 999 * MS, "and b learned the pause: its requests already waiting, "
                + "planned before it, hold for it too");
    }

    @Test
    void aCutOneProcessMadeSlowsEveryProcess() throws Exception {
        LimiterSpec spec = upbit().build();
        Limiter a = process(spec, "a");
        Limiter b = process(spec, "b");
        assertTrue(waitOf(b) < 20 * MS);
        long beforeTheCut = System.nanoTime();
        Thread.sleep(2);
        a.onLimitSignal(beforeTheCut, 0); // a's server answered 429 without Retry-After: a's adjuster cuts to 80%
        assertEquals(0.8, a.rateRatio(), 1e-9);
        long deadline = System.nanoTime() + 500 * MS;
        while (!fieldSet("zero429:{upbit:*", "cut") && System.nanoTime() < deadline) {
            Thread.sleep(5); // told in the background, by a's heartbeat thread
        }
        b.reserve(1);
        assertEquals(0.8, b.rateRatio(), 1e-3, "b plans at a's cut: the same overload reached its requests too");
        b.onLimitSignal(beforeTheCut, 0);
        assertEquals(0.8, b.rateRatio(), 1e-3, "a 429 to a request b sent before the cut is the same overload");
    }

    @Test
    void aPartitionIsOneScheduleInEveryProcessAndEachPartitionHasItsOwn() throws Exception {
        LimiterSpec spec = upbit().build();
        LimiterPool a = pool(spec, "a");
        LimiterPool b = pool(spec, "b");
        // Two API keys' hashes, which every process keyed by the deployment's secret computes alike.
        long key = 0x1234_5678_9abc_def0L;
        long other = 0x0fed_cba9_8765_4321L;
        for (int i = 0; i < 5; i++) {
            assertTrue(waitOf(a.partition("upbit", key)) < 20 * MS, "the burst is shared: the first ten go at once");
            assertTrue(waitOf(b.partition("upbit", key)) < 20 * MS);
        }
        long eleventh = waitOf(b.partition("upbit", key));
        assertTrue(eleventh >= 90 * MS, "the key's eleventh request waits, whichever process sends it: "
                + eleventh / MS + " ms");
        assertTrue(waitOf(a.partition("upbit", other)) < 20 * MS, "another key has its own bucket");
        assertTrue(waitOf(b.shared("upbit")) < 20 * MS, "and the limiter itself (no key) its own");
        assertTrue(!redisCli("--scan", "--pattern", "zero429:{upbit:*:p123456789abcdef0}").isEmpty(),
                "the partition's keys name its hash");
    }

    /** A process's limiters ({@code name}: its own store connection and heartbeat) of the one definition. */
    private LimiterPool pool(LimiterSpec spec, String name) {
        RedisStore store = new RedisStore(RedisAddress.parse(spec.storeRedis()), spec.storeTimeoutNanos(), name);
        stores.add(store);
        return new LimiterPool(List.of(spec), new SharedStates() {
            @Override
            public SharedState open(LimiterSpec ignored, int longs) {
                return null;
            }

            @Override
            public RemoteSchedule openRemote(LimiterSpec limiter, String partition) {
                return new RedisSchedule(store, limiter, partition);
            }
        });
    }

    /** Whether the hash of the keys matching {@code pattern} holds {@code field}. */
    private boolean fieldSet(String pattern, String field) throws Exception {
        for (String key : redisCli("--scan", "--pattern", pattern).split("\\s+")) {
            if (!key.isEmpty() && !redisCli("HGET", key, field).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private String redisCli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(server.port())));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes()).trim();
        cli.waitFor();
        return out;
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
        assertTrue(wait <= 180 * MS, "the refusals took no slot: the eleventh waits one interval (and the first's "
                + "lateness), " + wait / MS + " ms");
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
        // One interval of 5/s after the last departure the store planned (the tenth, now), counted as late as any
        // request may arrive (1 s, the store's timeout, the jitter).
        assertTrue(wait >= 1_240 * MS && wait <= 1_350 * MS, "one interval of 5/s after the store's last departure "
                + "counted as late as it may arrive: " + wait / MS + " ms");
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

    // ---- the script itself, asked as a process would (every request here is planned with no lateness) ----

    private static final long SECOND_US = TimeUnit.SECONDS.toMicros(1);

    /** A request of one unit to one bucket limit (interval, burst), or one window (length, count). */
    private static RemoteRequest request(byte kind, long first, long second) {
        RemoteRequest request = new RemoteRequest();
        request.cost = 1;
        request.maxWait = TimeUnit.SECONDS.toNanos(60);
        request.unit = "u" + System.nanoTime();
        request.process = "p";
        request.kinds = new byte[] {kind};
        request.first = new long[] {first};
        request.second = new long[] {second};
        return request;
    }

    private RedisSchedule schedule(LimiterSpec spec) {
        RedisStore store = new RedisStore(RedisAddress.parse(spec.storeRedis()), spec.storeTimeoutNanos(), "s");
        stores.add(store);
        return new RedisSchedule(store, spec);
    }

    private long ttlMillis(String pattern) throws Exception {
        String key = redisCli("--scan", "--pattern", pattern).split("\n")[0];
        return Long.parseLong(redisCli("pttl", key));
    }

    @Test
    void aRefusalNeverShortensHowLongTheScheduleIsKept() throws Exception {
        LimiterSpec spec = LimiterSpec.builder("slow").limit(new LimitSpec(10, TimeUnit.MINUTES.toNanos(1), 1))
                .storeRedis(server.url()).build();
        RedisSchedule schedule = schedule(spec);
        for (int i = 0; i < 5; i++) {
            RemoteRequest queued = request(RemoteRequest.BUCKET, TimeUnit.SECONDS.toNanos(6), 1);
            schedule.reserve(queued);
            assertFalse(queued.refused);
        }
        RemoteRequest hurried = request(RemoteRequest.BUCKET, TimeUnit.SECONDS.toNanos(6), 1);
        hurried.maxWait = TimeUnit.SECONDS.toNanos(1);
        schedule.reserve(hurried);
        assertTrue(hurried.refused);
        // Five queued 6 s apart: the schedule counts for 30 s and more; a refusal (which writes) must not cut that.
        assertTrue(ttlMillis("zero429:{slow:*}") > 25_000, "kept " + ttlMillis("zero429:{slow:*}") + " ms");
    }

    @Test
    void aRefusedReturnFromTheShareStillKeepsTheBucketFullLongEnough() throws Exception {
        LimiterSpec spec = LimiterSpec.builder("rare").limit(new LimitSpec(10, TimeUnit.MINUTES.toNanos(10), 1))
                .storeRedis(server.url()).build();
        RemoteRequest back = request(RemoteRequest.BUCKET, TimeUnit.MINUTES.toNanos(1), 1);
        back.rejoin = true;
        back.maxWait = TimeUnit.SECONDS.toNanos(1);
        schedule(spec).reserve(back);
        assertTrue(back.refused, "the bucket counts full as of the return: a minute to wait");
        assertTrue(ttlMillis("zero429:{rare:*}") > 50_000, "and is kept that long: " + ttlMillis("zero429:{rare:*}"));
    }

    @Test
    void aUnitNoAnswerWillComeForHoldsNobody() throws Exception {
        LimiterSpec spec = LimiterSpec.builder("kis").limit(new LimitSpec(1, TimeUnit.SECONDS.toNanos(1), 1))
                .mode(LimitMode.WINDOW).storeRedis(server.url()).build();
        RedisSchedule schedule = schedule(spec);
        RemoteRequest plain = request(RemoteRequest.WINDOW, TimeUnit.SECONDS.toNanos(1), 1);
        plain.lateness = TimeUnit.MILLISECONDS.toNanos(50);
        schedule.reserve(plain); // the plain API: counted when it leaves, no answer will be told
        RemoteRequest hooked = request(RemoteRequest.WINDOW, TimeUnit.SECONDS.toNanos(1), 1);
        hooked.mayHold = true;
        schedule.reserve(hooked);
        assertFalse(hooked.held, "planned on the plain request's final bound, not held for an answer");
        assertTrue(hooked.wait >= 1_000 * MS, "a window after it: " + hooked.wait / MS + " ms");
        RemoteRequest next = request(RemoteRequest.WINDOW, TimeUnit.SECONDS.toNanos(1), 1);
        next.mayHold = true;
        schedule.reserve(next);
        assertTrue(next.held, "behind a hook's request not answered yet: held for its answer");
    }

    @Test
    void openingAnswersCountOnceAndOnlyForTheirOwnColdStart() throws Exception {
        LimiterSpec spec = upbit().build();
        RedisSchedule schedule = schedule(spec);
        long interval = 102 * MS;
        RemoteRequest opening = request(RemoteRequest.BUCKET, interval, 10);
        opening.opening = true;
        opening.mayHold = true;
        schedule.reserve(opening);
        schedule.reserve(opening);
        long epoch = opening.epoch;
        assertTrue(epoch > 0, "a cold start began");
        // Beyond the opening burst another process is held while the opening is unanswered.
        RemoteRequest other = request(RemoteRequest.BUCKET, interval, 10);
        other.mayHold = true;
        other.process = "q";
        for (int i = 0; i < 8; i++) {
            schedule.reserve(other);
            assertFalse(other.held, "within the burst of ten");
        }
        schedule.reserve(other);
        assertTrue(other.held, "the eleventh waits for the opening's answers");
        // One of the two answered, told twice (a timeout that still ran): the other unit is still pending.
        RemoteRequest told = request(RemoteRequest.BUCKET, interval, 10);
        told.mayHold = true;
        told.answeredOpeningEpoch = epoch;
        told.answeredOpeningUnits = 1;
        schedule.reserve(told);
        assertTrue(told.held);
        schedule.reserve(told);
        assertTrue(told.held, "a repeated report takes nothing off twice");
        // A report of another (earlier) cold start changes nothing either.
        RemoteRequest stale = request(RemoteRequest.BUCKET, interval, 10);
        stale.mayHold = true;
        stale.process = "r";
        stale.answeredOpeningEpoch = epoch - 1;
        stale.answeredOpeningUnits = 5;
        schedule.reserve(stale);
        assertTrue(stale.held, "a report of another cold start ends nobody's");
        told.answeredOpeningUnits = 2;
        schedule.reserve(told);
        assertFalse(told.held, "both answered: the opening is over");
    }

    @Test
    void theLocalShareStartsAfterWhatTheStorePlannedForOthers() throws Exception {
        LimiterSpec spec = upbit().build();
        Limiter queued = process(spec, "b");
        Limiter a = process(spec, "a");
        for (int i = 0; i < 30; i++) {
            queued.reserve(1); // ten at once, then twenty more planned up to 2 s ahead
        }
        assertFalse(a.tryAcquire(1), "the bucket is spent (the answer says how far the store planned)");
        server.kill();
        long wait = waitOf(a);
        assertTrue(a.onLocalShare());
        // b may still send until ~2 s from now on what the store planned: a's share (5/s) starts after that.
        assertTrue(wait >= 2_000 * MS, "the share's first request waited " + wait / MS + " ms");
    }

    @Test
    void aProcessThatSentNothingOnItsShareRejoinsAtOnce() throws Exception {
        LimiterSpec spec = LimiterSpec.builder("kis").limit(new LimitSpec(20, TimeUnit.HOURS.toNanos(1), 1))
                .mode(LimitMode.WINDOW).storeRedis(server.url()).build();
        Limiter a = process(spec, "a");
        waitOf(a);
        server.kill();
        server.start();
        awaitAvailable();
        assertTrue(waitOf(a) < 20 * MS, "nothing was sent on the share: the store's window is as it was");
    }

    @Test
    void aShareSmallerThanOneRequestStretchesItsWindow() {
        LimiterSpec spec = LimiterSpec.builder("few").limit(new LimitSpec(5, TimeUnit.MINUTES.toNanos(1), 5)).build();
        LimiterSpec tenth = io.zero429.limit.RemoteSharingAccess.shareOf(spec, 100_000);
        assertTrue(tenth.limits().get(0).count() == 1
                && tenth.limits().get(0).windowNanos() >= TimeUnit.MINUTES.toNanos(2), "ten processes on 5/min: "
                + "one each per two minutes, not one per minute: " + tenth.describeLimits());
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
