package io.zero429.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Engine;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.LimiterPool;
import io.zero429.limit.Permits;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What woven code calls, without a JVM agent: the cost of an unmatched request, and fail-open. */
class HooksTest {
    private static final String RULES = "limiter.a.limits = 10/s\n"
            + "rule.a.match = api.example.com/v1/orders/**, api.example.com:8443/v2/**\nrule.a.limiter = a\n";

    private Engine previous;

    @BeforeEach
    void install() throws Exception {
        previous = Hooks.engine();
        RulesConfig config = RulesParser.parse("hooks.properties", RULES);
        Hooks.install(new Engine(config, new LimiterPool(config.limiters())));
    }

    @AfterEach
    void restore() {
        Hooks.install(previous);
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * A re-sent request passes its hook unmatched once; anything else the client sends on the thread meanwhile (a queued
     * exchange it starts, a redirect hop it follows inline) is matched and decided as usual.
     */
    @Test
    void aPreAdmittedSendPassesItsOwnHookOnlyAndNothingElseOnTheThread() throws Exception {
        URI orders = URI.create("https://api.example.com/v1/orders/1");
        Rule[] seen = new Rule[3];
        Hooks.preAdmitted(() -> {
            seen[0] = Hooks.match("GET", orders);
            seen[1] = Hooks.match("GET", orders);
            seen[2] = Hooks.match("GET", orders);
            return null;
        });
        assertNull(seen[0], "the re-sent request itself");
        assertNotNull(seen[1], "another request on the same thread during the re-send");
        assertNotNull(seen[2]);
        assertNotNull(Hooks.match("GET", orders), "after the re-send");
        assertTrue(!Hooks.isPreAdmitted());
    }

    @Test
    void aRequestNoRuleMatchesCostsOnlyTheMatchingAndAllocatesNothing() {
        URI unmatched = URI.create("https://api.example.com/v1/ticker?market=KRW-BTC");
        assertNull(Hooks.match("GET", unmatched));
        assertNotNull(Hooks.match("POST", URI.create("https://api.example.com/v1/orders/123")));
        for (int i = 0; i < 20_000; i++) {
            Hooks.match("GET", unmatched);
            Hooks.match("GET", "https", "api.example.com", -1, "/v1/ticker");
        }
        long before = allocatedBytes();
        int matched = 0;
        for (int i = 0; i < 10_000; i++) {
            matched += Hooks.match("GET", unmatched) == null ? 0 : 1;
            matched += Hooks.match("GET", "https", "api.example.com", -1, "/v1/ticker") == null ? 0 : 1;
        }
        long allocated = allocatedBytes() - before;
        assertEquals(0, matched);
        // 20,000 calls: a single allocation per call would be at least 320 kB.
        assertTrue(allocated < 4096, allocated + " bytes allocated by 20,000 unmatched matches");
    }

    @Test
    void theSchemesDefaultPortIsUsedWhenTheUrlHasNone() {
        assertNotNull(Hooks.match("GET", "https", "api.example.com", 8443, "/v2/x"));
        assertNull(Hooks.match("GET", "https", "api.example.com", -1, "/v2/x"), "https without a port is 443");
        assertNotNull(Hooks.match("GET", "https", "api.example.com", -1, "/v1/orders/1"));
    }

    @Test
    void aFaultInsideTheAgentLetsTheRequestGoOnAndIsCounted() throws Exception {
        // A rule from another configuration names a limiter this engine does not have: admission fails inside.
        RulesConfig other = RulesParser.parse("other.properties",
                "limiter.elsewhere.limits = 1/s\nrule.b.match = example.org\nrule.b.limiter = elsewhere\n");
        Rule foreign = other.rules().get(0);
        long faults = Hooks.faults().count();
        assertNull(Hooks.admit(foreign, null, Clients.OKHTTP), "no ticket: the request goes on unthrottled");
        assertNull(Hooks.schedule(foreign, null, Clients.OKHTTP), "no schedule: the async request is sent now");
        assertEquals(faults + 2, Hooks.faults().count());
        Hooks.response(null, 429, new String[] {"10"});
        Hooks.failed(null);
        assertNull(Hooks.match(null, URI.create("https://api.example.com/v1/orders/1")), "no method: not matched");
    }

    /**
     * An async request that conforms at once is sent at once: its departure, read on the clock inside the limiters'
     * lock, is a little later than when the hook asked, and that is not a wait (it used to send every async request
     * through the timer thread, some 20 µs later: bench/RESULTS.md, per-client overhead).
     */
    @Test
    void anAsyncSendThatConformsIsDueNowNotOnTheTimer() throws Exception {
        RulesConfig config = RulesParser.parse("hooks.properties", "limiter.free.limits = 1000000/s burst 1000000\n"
                + "rule.free.match = api.example.com/**\nrule.free.limiter = free\n");
        Hooks.install(new Engine(config, new LimiterPool(config.limiters())));
        Rule free = config.rules().get(0);
        for (int i = 0; i < 1000; i++) {
            Hooks.Scheduled scheduled = Hooks.schedule(free, null, Clients.OKHTTP);
            assertEquals(0, scheduled.delayNanos, "request " + i + " conforms and must not wait");
            Hooks.response(scheduled.ticket, 200, new String[0]);
        }
    }

    @Test
    void anAsyncSendWithNoFreePermitIsDueWhenOneComesBackOrFailsAtMaxWait() throws Exception {
        RulesConfig config = RulesParser.parse("hooks.properties", "limiter.ds.limits = 1000/s burst 1000\n"
                + "limiter.ds.concurrency = 1\nlimiter.ds.max-wait = 200ms\nrule.ds.match = api.deepseek.com/**\n"
                + "rule.ds.limiter = ds\n");
        Engine engine = new Engine(config, new LimiterPool(config.limiters()));
        Hooks.install(engine);
        Rule ds = config.rules().get(0);
        Permits permits = engine.pool().shared("ds").permits();

        Hooks.Scheduled first = Hooks.schedule(ds, null, Clients.OKHTTP);
        assertNotNull(first.ticket, "a free permit: reserved at once");
        Hooks.Scheduled second = Hooks.schedule(ds, null, Clients.OKHTTP);
        assertNull(second.ticket, "no permit: it waits, without a thread");
        CompletableFuture<Engine.Ticket> due = second.due();
        assertEquals(1, permits.waiting());
        Hooks.failed(first.ticket);
        Engine.Ticket ticket = due.get(10, TimeUnit.SECONDS);
        assertNotNull(ticket, "due with its ticket once the first request gave its permit back");
        assertEquals(1, permits.inFlight());

        CompletableFuture<Engine.Ticket> refused = Hooks.schedule(ds, null, Clients.OKHTTP).due();
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof Zero429WaitTimeoutException, String.valueOf(e.getCause()));
        assertEquals(0, permits.waiting(), "the refused send left the queue");
        Hooks.response(ticket, 200, new String[0]);
        assertEquals(0, permits.inFlight());
    }
}
