package io.zero429.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Engine;
import io.zero429.Zero429CircuitOpenException;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import io.zero429.signal.BodyCodes;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 6 §2 through the hooks: what opens a limiter's circuit breaker, what the application sees, what closes it. */
class BreakerHooksTest {
    private static final String[] NO_HEADERS = new String[0];
    private Engine previous = Hooks.engine();

    @AfterEach
    void restore() {
        Hooks.install(previous);
    }

    private static Rule install(String... limiterLines) throws Exception {
        RulesConfig config = RulesParser.parse("breaker.properties", "limiter.a.limits = 1000/s burst 1000\n"
                + String.join("\n", limiterLines) + "\nrule.a.match = api.example.com/**\nrule.a.limiter = a\n");
        Hooks.install(new Engine(config, new LimiterPool(config.limiters())));
        return config.rules().get(0);
    }

    private static void answer(Rule rule, int status) throws IOException {
        Hooks.response(Hooks.admit(rule, null, Clients.OKHTTP), status, NO_HEADERS);
    }

    @Test
    void fiveLimitedResponsesInARowOpenItAndTheNextRequestFailsAtOnce() throws Exception {
        Rule rule = install();
        for (int i = 0; i < 4; i++) {
            answer(rule, 429);
        }
        answer(rule, 200);
        for (int i = 0; i < 4; i++) {
            answer(rule, 429);
        }
        assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP), "a success in between started the count again");
        answer(rule, 429);
        Zero429CircuitOpenException open = assertThrows(Zero429CircuitOpenException.class, () -> Hooks.admit(rule, null, Clients.OKHTTP));
        assertTrue(open.getMessage().contains("limiter 'a' (1000/s burst 1000) is open")
                && open.getMessage().contains("requests fail at once for "), open.getMessage());
        assertTrue(open.remainingNanos() > 59_000_000_000L && open.remainingNanos() <= 60_000_000_000L);
        assertTrue(open instanceof IOException);
        assertEquals("open", Hooks.engine().pool().shared("a").breakerState());
    }

    @Test
    void bodyCodesCountAndA429WithItsBodyCountsOnce() throws Exception {
        Rule rule = install("limiter.a.signals = 429, gemini-body");
        String gemini = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}";
        for (int i = 0; i < 4; i++) {
            Engine.Ticket ticket = Hooks.admit(rule, null, Clients.OKHTTP);
            Hooks.response(ticket, 429, NO_HEADERS);
            Hooks.engine().onBody(ticket, BodyCodes.scan(gemini));
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState(), "4 failures, not 8");
        Engine.Ticket kis = Hooks.admit(rule, null, Clients.OKHTTP);
        Hooks.engine().onBody(kis, BodyCodes.scan(gemini));
        assertEquals("open", Hooks.engine().pool().shared("a").breakerState());
    }

    /**
     * Issue 11: the hooks see wire attempts, and a client retries a failed attempt by itself (OkHttp on a stale pooled
     * connection): a connection failure, reset or timeout is not the server's word on the limit and never opens the
     * breaker unless the limiter asks for it.
     */
    @Test
    void connectionFailuresNeverOpenItByDefault() throws Exception {
        Rule rule = install();
        for (int i = 0; i < 100; i++) {
            Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP));
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState());
        assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP));
    }

    @Test
    void connectionFailuresCountWhenTheLimiterAsks() throws Exception {
        Rule rule = install("limiter.a.breaker.connection-failures = on");
        for (int i = 0; i < 2; i++) {
            Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP));
        }
        for (int i = 0; i < 2; i++) {
            answer(rule, 429);
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState(), "4 failures");
        Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP));
        assertEquals("open", Hooks.engine().pool().shared("a").breakerState());
    }

    @Test
    void aHalfOpenTrialThatFailsToConnectLetsAnotherTry() throws Exception {
        Rule rule = install("limiter.a.breaker.open = 0s");
        for (int i = 0; i < 5; i++) {
            answer(rule, 429);
        }
        Hooks.failed(Hooks.admit(rule, null, Clients.OKHTTP));
        assertEquals(1, Hooks.engine().pool().shared("a").breakerOpenings(), "the failed trial did not open it again");
        Engine.Ticket next = Hooks.admit(rule, null, Clients.OKHTTP);
        assertNotNull(next, "the failed trial told nothing: the next request is the trial");
        assertEquals("half-open", Hooks.engine().pool().shared("a").breakerState());
    }

    /** Eight requests in flight that come back 429 together are one overload: one failure, not eight. */
    @Test
    void limitedResponsesOfRequestsInFlightTogetherCountOnce() throws Exception {
        Rule rule = install();
        Engine.Ticket[] inFlight = new Engine.Ticket[8];
        for (int i = 0; i < inFlight.length; i++) {
            inFlight[i] = Hooks.admit(rule, null, Clients.OKHTTP);
        }
        for (Engine.Ticket ticket : inFlight) {
            Hooks.response(ticket, 429, NO_HEADERS);
        }
        for (int i = 0; i < 3; i++) {
            answer(rule, 429);
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState(), "4 overloads");
        answer(rule, 429);
        assertEquals("open", Hooks.engine().pool().shared("a").breakerState(), "the fifth");
    }

    /**
     * A saturated limiter whose requests come back partly 429, partly 200: the successes of requests that were in
     * flight with a counted failure do not start the count again, so five overloads in a row open it.
     */
    @Test
    void successesInFlightWithALimitedResponseDoNotHideTheOverload() throws Exception {
        Rule rule = install();
        for (int overload = 0; overload < 5; overload++) {
            assertEquals("closed", Hooks.engine().pool().shared("a").breakerState(), "overload " + overload);
            Engine.Ticket[] inFlight = new Engine.Ticket[8];
            for (int i = 0; i < inFlight.length; i++) {
                inFlight[i] = Hooks.admit(rule, null, Clients.OKHTTP);
            }
            for (int i = 0; i < inFlight.length; i++) {
                Hooks.response(inFlight[i], i % 2 == 0 ? 429 : 200, NO_HEADERS);
            }
        }
        assertEquals("open", Hooks.engine().pool().shared("a").breakerState());
    }

    @Test
    void halfOpenLetsOneTrialThroughAndThreeSuccessesCloseIt() throws Exception {
        Rule rule = install("limiter.a.breaker.open = 0s");
        for (int i = 0; i < 5; i++) {
            answer(rule, 429);
        }
        for (int i = 0; i < 3; i++) {
            Engine.Ticket trial = Hooks.admit(rule, null, Clients.OKHTTP);
            Zero429CircuitOpenException other = assertThrows(Zero429CircuitOpenException.class,
                    () -> Hooks.admit(rule, null, Clients.OKHTTP));
            assertTrue(other.getMessage().contains("half-open, one trial request is in flight"), other.getMessage());
            Hooks.response(trial, 200, NO_HEADERS);
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState());
        assertNotNull(Hooks.admit(rule, null, Clients.OKHTTP));
    }

    @Test
    void offNeverOpensAndServerErrorsCountOnlyWhenAsked() throws Exception {
        Rule off = install("limiter.a.breaker = off");
        for (int i = 0; i < 20; i++) {
            answer(off, 429);
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState());
        Rule neutral = install();
        for (int i = 0; i < 20; i++) {
            answer(neutral, 503);
        }
        assertEquals("closed", Hooks.engine().pool().shared("a").breakerState(), "a 5xx is not the client's fault");
        Rule counted = install("limiter.a.breaker.5xx = on");
        for (int i = 0; i < 5; i++) {
            answer(counted, 503);
        }
        assertEquals("open", Hooks.engine().pool().shared("a").breakerState());
    }
}
