package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Engine;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import io.zero429.signal.BodyCodes;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the engine records, as the request path and the response path report it. */
class StatisticsTest {
    static final String RULES = String.join("\n",
            "limiter.market.limits = 1/s burst 1",
            "limiter.market.max-wait = 10s",
            "limiter.account.limits = 100/s burst 100",
            "limiter.gemini.limits = 100/s burst 100",
            "limiter.gemini.signals = 429, retry-after, gemini-body",
            "rule.ticker.match = api.example.com/v1/ticker/**",
            "rule.ticker.limiter = market",
            "rule.orders.match = api.example.com/v1/orders/**",
            "rule.orders.limiter = market, account",
            "rule.slow.match = api.example.com/v1/slow/**",
            "rule.slow.limiter = account",
            "rule.gemini.match = gemini.example.com/**",
            "rule.gemini.limiter = gemini",
            "");

    private final Engine engine;
    private final Statistics stats;
    private final Engine previous = Hooks.engine();

    StatisticsTest() throws Exception {
        RulesConfig config = RulesParser.parse("stats.properties", RULES);
        engine = new Engine(config, new LimiterPool(config.limiters()));
        stats = engine.statistics();
        Hooks.install(engine);
    }

    @AfterEach
    void restore() {
        Hooks.install(previous);
    }

    private Rule rule(String name) {
        return engine.config().rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private Engine.Ticket admit(String rule, long waitNanos) {
        Rule r = rule(rule);
        return engine.admitted(Engine.ticket(r, engine.admissionFor(r, null), System.nanoTime()), waitNanos);
    }

    @Test
    void aLimitersRequestsAreThoseOfEveryRuleThatUsesIt() {
        engine.onCompletion(admit("ticker", 0));
        Engine.Ticket open = admit("orders", TimeUnit.MILLISECONDS.toNanos(300));
        admit("slow", 0);
        FlowFigures market = stats.limiter("market");
        assertEquals(2, market.requests());
        assertEquals(1, market.delayed());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), market.waits().maxNanos());
        assertEquals(1, market.inFlight(), "the ticker request completed, the order is open");
        assertEquals(2, stats.limiter("account").requests());
        assertEquals(2, stats.limiter("account").inFlight());
        assertEquals(1, stats.rule("orders").requests());
        engine.onResponse(open, 200, new String[0]);
        assertEquals(0, stats.limiter("market").inFlight(), "a response completes the request");
    }

    @Test
    void a429IsALimitedResponseAndASignalWithItsTime() {
        Engine.Ticket ticket = admit("ticker", 0);
        engine.onResponse(ticket, 429, new String[engine.headersWanted(ticket, 429).length]);
        FlowFigures market = stats.limiter("market");
        assertEquals(1, market.limitedResponses());
        assertEquals(1, market.signals(SignalType.LIMIT_STATUS));
        assertNotNull(market.lastSignal());
        assertEquals(SignalType.LIMIT_STATUS, market.lastSignal().type());
        assertEquals(429, market.lastSignal().status());
        assertTrue(market.gauges().rateRatio() < 1.0);
        assertEquals(1, stats.rule("ticker").limitedResponses());
        assertNull(stats.limiter("account").lastSignal());
    }

    @Test
    void aBanCountsOncePerRuleAndOncePerLimiterThatTakesItAsOne() {
        Engine.Ticket ticket = admit("orders", 0);
        engine.onResponse(ticket, 418, new String[engine.headersWanted(ticket, 418).length]);
        assertEquals(1, stats.rule("orders").bans());
        assertEquals(1, stats.limiter("market").bans());
        assertEquals(1, stats.limiter("account").bans());
        assertTrue(stats.limiter("market").gauges().pausedNanos() > TimeUnit.SECONDS.toNanos(100));
    }

    @Test
    void aBodyCodeIsCountedForTheRuleAndTheLimitersListeningToIt() {
        Engine.Ticket ticket = admit("gemini", 0);
        engine.onBody(ticket, BodyCodes.scan("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        assertEquals(1, stats.rule("gemini").signals(SignalType.BODY_CODE));
        assertEquals(1, stats.limiter("gemini").signals(SignalType.BODY_CODE));
    }

    @Test
    void theHooksMeasureAnAsyncDelayAndCountARefusalOnTheLimiterThatImposedIt() throws Exception {
        Rule ticker = rule("ticker");
        Hooks.Scheduled first = Hooks.schedule(ticker, null, Clients.OKHTTP);
        assertTrue(first.delayNanos < TimeUnit.MILLISECONDS.toNanos(100));
        // Answered, as a hook reports it: the limiter's opening request is back, so the next is planned at once
        // (not held for the cold start's answers).
        Hooks.response(first.ticket, 200, new String[0]);
        Hooks.Scheduled second = Hooks.schedule(ticker, null, Clients.OKHTTP);
        assertTrue(second.delayNanos > TimeUnit.MILLISECONDS.toNanos(500), "" + second.delayNanos);
        FlowFigures figures = stats.rule("ticker");
        assertEquals(2, figures.requests());
        assertTrue(figures.delayed() >= 1);
        assertEquals(second.delayNanos, figures.waits().maxNanos());
        for (int i = 0; i < 12; i++) {
            try {
                Hooks.schedule(ticker, null, Clients.OKHTTP);
            } catch (Zero429WaitTimeoutException refused) {
                break;
            }
        }
        assertEquals(1, stats.rule("ticker").refused());
        assertEquals(1, stats.limiter("market").refused());
        assertThrows(Zero429WaitTimeoutException.class, () -> Hooks.schedule(ticker, null, Clients.OKHTTP));
    }

    @Test
    void aBlockingAdmissionThatDidNotWaitIsNotDelayed() throws Exception {
        Engine.Ticket ticket = Hooks.admit(rule("slow"), null, Clients.OKHTTP);
        assertNotNull(ticket);
        assertEquals(1, stats.rule("slow").requests());
        assertEquals(0, stats.rule("slow").delayed());
        Hooks.failed(ticket);
        assertEquals(0, stats.rule("slow").inFlight());
    }

    @Test
    void afterAReloadUnchangedRulesAndLimitersGoOnCountingAndOldRequestsStillComplete() throws Exception {
        Engine.Ticket beforeReload = admit("slow", 0);
        admit("ticker", 0);
        Engine.Ticket banned = admit("orders", 0);
        engine.onResponse(banned, 418, new String[engine.headersWanted(banned, 418).length]);
        RulesConfig changed = RulesParser.parse("stats.properties", RULES.replace(
                "rule.ticker.limiter = market", "rule.ticker.limiter = market, account"));
        Engine reloaded = new Engine(changed, new LimiterPool(changed.limiters(), engine.pool()), stats);
        Statistics after = reloaded.statistics();
        assertEquals(1, after.rule("slow").requests(), "an unchanged rule keeps its figures");
        assertEquals(0, after.rule("ticker").requests(), "a rule whose limiters changed starts again");
        assertEquals(1, after.limiter("market").bans(), "a limiter keeps its signals");
        reloaded.onCompletion(beforeReload);
        assertEquals(0, after.rule("slow").inFlight(), "a request admitted before the reload completes after it");
    }

    @Test
    void recordingARequestAllocatesNothing() {
        Rule slow = rule("slow");
        Engine.Ticket ticket = admit("slow", 0);
        for (int i = 0; i < 20_000; i++) {
            stats.admitted(slow, i);
            stats.completed(slow);
            stats.response(slow, 200);
        }
        long before = allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            engine.admitted(ticket, i * 10L);
            stats.completed(slow);
            stats.response(slow, 200);
        }
        long allocated = allocatedBytes() - before;
        // 10,000 requests: a single allocation per request would be at least 160 kB (the rest is the JIT's noise).
        assertTrue(allocated < 4096, allocated + " bytes allocated recording 10,000 requests");
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
