package io.zero429.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Engine;
import io.zero429.Zero429CircuitOpenException;
import io.zero429.Zero429WaitTimeoutException;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §3, through the hooks: every way the agent can fail a request (README "When the agent fails a request")
 * is triggered by a limit the user configured or a signal the server sent, and never by a fault the client may
 * recover from by itself: a refused, reset or timed-out attempt, a 5xx that says nothing about the limit.
 */
class RefusalAuditTest {
    private static final String[] NO_HEADERS = new String[0];
    private final Engine previous = Hooks.engine();

    @AfterEach
    void restore() {
        Hooks.install(previous);
    }

    /**
     * One limiter {@code a} with every way to refuse switched on (a short max-wait, a cap, the breaker, body codes),
     * with {@code overrides} ({@code key = value}) in place of its lines.
     */
    private static Rule install(String... overrides) throws Exception {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("limiter.a.limits", "1000/s burst 1000");
        lines.put("limiter.a.max-wait", "200ms");
        lines.put("limiter.a.concurrency", "2");
        lines.put("limiter.a.signals", "429, retry-after, ratelimit, x-ratelimit, kis-body");
        lines.put("rule.a.match", "api.example.com/**");
        lines.put("rule.a.limiter", "a");
        for (String override : overrides) {
            String[] keyValue = override.split("=", 2);
            lines.put(keyValue[0].trim(), keyValue[1].trim());
        }
        StringBuilder file = new StringBuilder();
        lines.forEach((key, value) -> file.append(key).append(" = ").append(value).append('\n'));
        RulesConfig config = RulesParser.parse("audit.properties", file.toString());
        Hooks.install(new Engine(config, new LimiterPool(config.limiters())));
        return config.rules().get(0);
    }

    private static Limiter limiter() {
        return Hooks.engine().pool().shared("a");
    }

    /** Sends one request and answers it with {@code status} and the headers given as name, value. */
    private static void answer(Rule rule, int status, String... headers) throws Exception {
        Engine.Ticket ticket = Hooks.admit(rule, null, Clients.OKHTTP);
        String[] wanted = Hooks.signalHeaders(ticket, status);
        String[] values = new String[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            for (int h = 0; h + 1 < headers.length; h += 2) {
                values[i] = headers[h].equalsIgnoreCase(wanted[i]) ? headers[h + 1] : values[i];
            }
        }
        Hooks.response(ticket, status, values);
    }

    @Test
    void transientFaultsNeverLeadToARefusalOrASlowerLimiter() throws Exception {
        Rule rule = install();
        for (int i = 0; i < 50; i++) {
            Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP)); // a dead server: every attempt refused, reset or timed out
        }
        for (int i = 0; i < 200; i++) {
            switch (i % 5) {
                case 0:
                    Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP)); // refused, reset or timed-out attempt
                    break;
                case 1:
                    answer(rule, 500); // a 5xx without a body code
                    break;
                case 2:
                    answer(rule, 502);
                    break;
                case 3:
                    Engine.Ticket ticket = Hooks.admit(rule, null, Clients.OKHTTP);
                    Hooks.response(ticket, 504, NO_HEADERS);
                    Hooks.failed(ticket); // a hook that sees the response and then the client's exception
                    break;
                default:
                    answer(rule, 200); // the client's own retry, answered
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP), "admitted: no permit leaked, no breaker open");
        }
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "nothing waited");
        Limiter limiter = limiter();
        assertEquals("closed", limiter.breakerState());
        assertEquals(0, limiter.breakerOpenings());
        assertEquals(1.0, limiter.rateRatio());
        assertEquals(0, limiter.limitSignals());
        assertTrue(limiter.pausedUntil() <= System.nanoTime(), "not paused");
        assertEquals(2, limiter.permits().inFlight(), "only the two just admitted hold a permit");
    }

    /**
     * A limiter waits for its opening burst's answers (at most 1 s) before it plans a request that must wait: a first
     * request whose connection failed is no longer awaited, so it does not hold the next one for the whole second.
     */
    @Test
    void aFailedOpeningRequestDoesNotHoldTheNext() throws Exception {
        Rule rule = install("limiter.a.limits = 4/s burst 1", "limiter.a.max-wait = 600ms");
        long start = System.nanoTime();
        Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP)); // connection refused
        assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP), "the next request takes its slot 250 ms later");
        long waited = System.nanoTime() - start;
        assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(600), "waited " + waited / 1_000_000 + " ms");
    }

    /** The limits the user configured: a request that would wait beyond max-wait fails at once. */
    @Test
    void maxWaitRefusesOnlyAWaitTheConfiguredLimitsOrTheServerImpose() throws Exception {
        Rule rule = install("limiter.a.limits = 1/m");
        answer(rule, 200);
        Zero429WaitTimeoutException refused = assertThrows(Zero429WaitTimeoutException.class,
                () -> Hooks.admit(rule, null, Clients.OKHTTP));
        assertTrue(refused.getMessage().contains("'a' (1/m)"), refused.getMessage());
    }

    /** A signal the server sent: a Retry-After longer than max-wait pauses the limiter, and requests fail at once. */
    @Test
    void aRetryAfterLongerThanMaxWaitRefusesUntilItEnds() throws Exception {
        Rule rule = install("limiter.a.concurrency = 100");
        answer(rule, 503); // no Retry-After: nothing to act on
        Hooks.response(Hooks.admit(rule, null, Clients.OKHTTP), 200, NO_HEADERS);
        answer(rule, 503, "Retry-After", "5");
        assertThrows(Zero429WaitTimeoutException.class, () -> Hooks.admit(rule, null, Clients.OKHTTP));
    }

    /** A ban status the server sent pauses the limiter (2 minutes when it does not say): requests fail at once. */
    @Test
    void aBanRefusesUntilItEnds() throws Exception {
        Rule rule = install();
        answer(rule, 418);
        assertThrows(Zero429WaitTimeoutException.class, () -> Hooks.admit(rule, null, Clients.OKHTTP));
    }

    /** The cap the user configured: a request that finds no permit within max-wait fails, holding nothing. */
    @Test
    void theConcurrencyCapRefusesOnlyWhileItsPermitsAreHeldByRequestsInFlight() throws Exception {
        Rule rule = install();
        Engine.Ticket first = Hooks.admit(rule, null, Clients.OKHTTP);
        Engine.Ticket second = Hooks.admit(rule, null, Clients.OKHTTP);
        Zero429WaitTimeoutException refused = assertThrows(Zero429WaitTimeoutException.class,
                () -> Hooks.admit(rule, null, Clients.OKHTTP));
        assertTrue(refused.getMessage().contains("(concurrency 2)"), refused.getMessage());
        Hooks.failed(first); // its connection reset: the permit comes back at once
        Hooks.response(second, 200, NO_HEADERS);
        assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP));
        assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP));
    }

    /** The breaker opens on the server's limit signals (here a body code it listens to), five overloads in a row. */
    @Test
    void theBreakerOpensOnlyOnTheServersLimitSignals() throws Exception {
        Rule rule = install("limiter.a.concurrency = 100");
        for (int i = 0; i < 20; i++) {
            Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP));
            answer(rule, 503);
        }
        assertEquals("closed", limiter().breakerState());
        String kis = "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"...\"}";
        for (int i = 0; i < 5; i++) {
            Engine.Ticket ticket = Hooks.admit(rule, null, Clients.OKHTTP);
            Hooks.response(ticket, 500, NO_HEADERS);
            Hooks.body(ticket, kis);
        }
        assertThrows(Zero429CircuitOpenException.class, () -> Hooks.admit(rule, null, Clients.OKHTTP));
    }
}
