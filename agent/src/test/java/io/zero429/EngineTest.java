package io.zero429;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.limit.Admission;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.limit.Permits;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the engine does with a response: a 429 slows the limiter down, a 418 ban pauses it. */
class EngineTest {
    private final Engine engine;
    private final Rule rule;

    EngineTest() throws Exception {
        RulesConfig config = RulesParser.parse("engine.properties",
                "limiter.upbit.limits = 10/s burst 10\nrule.upbit.match = api.upbit.com/**\nrule.upbit.limiter = upbit\n");
        engine = new Engine(config, new LimiterPool(config.limiters()));
        rule = config.rules().get(0);
    }

    private Limiter send(int status, String retryAfter) throws Exception {
        return send(engine, rule, status, "Retry-After", retryAfter);
    }

    /** Sends one request through {@code rule} and answers it with {@code status} and the headers given as name, value. */
    static Limiter send(Engine engine, Rule rule, int status, String... headers) throws Exception {
        Admission admission = engine.admissionFor(rule, null);
        long departure = admission.acquire();
        Engine.Ticket ticket = Engine.ticket(rule, admission, departure);
        engine.onResponse(ticket, status, answer(engine.headersWanted(ticket, status), headers));
        return admission.limiters().get(0);
    }

    /** What a hook reads: the value of each wanted header, null when the response lacks it. */
    static String[] answer(String[] wanted, String... headers) {
        String[] values = new String[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            for (int h = 0; h + 1 < headers.length; h += 2) {
                if (headers[h].equalsIgnoreCase(wanted[i])) {
                    values[i] = headers[h + 1];
                }
            }
        }
        return values;
    }

    private static long pausedFor(Limiter limiter) {
        return limiter.pausedUntil() - System.nanoTime();
    }

    @Test
    void aSuccessChangesNothing() throws Exception {
        Limiter limiter = send(200, "30");
        assertTrue(pausedFor(limiter) <= 0);
        assertEquals(1.0, limiter.rateRatio());
    }

    @Test
    void a429WithRetryAfterPausesForItAndCutsTheRatio() throws Exception {
        Limiter limiter = send(429, "3");
        long paused = pausedFor(limiter);
        assertTrue(paused > TimeUnit.MILLISECONDS.toNanos(2500) && paused <= TimeUnit.SECONDS.toNanos(3), "" + paused);
        assertTrue(limiter.rateRatio() < 1.0);
    }

    @Test
    void a418BanPausesForItsRetryAfterOrTwoMinutesWhenTheServerDoesNotSay() throws Exception {
        Limiter limiter = send(418, null);
        long paused = pausedFor(limiter);
        assertTrue(paused > TimeUnit.SECONDS.toNanos(119) && paused <= TimeUnit.SECONDS.toNanos(120), "" + paused);
        assertTrue(limiter.rateRatio() < 1.0);
    }

    @Test
    void a418WithALongerRetryAfterPausesForThat() throws Exception {
        Limiter limiter = send(418, "600");
        long paused = pausedFor(limiter);
        assertTrue(paused > TimeUnit.SECONDS.toNanos(599) && paused <= TimeUnit.SECONDS.toNanos(600), "" + paused);
    }

    private static Engine cappedEngine(int concurrency) throws Exception {
        RulesConfig config = RulesParser.parse("engine.properties", "limiter.deepseek.limits = 100/s burst 100\n"
                + "limiter.deepseek.concurrency = " + concurrency
                + "\nrule.ds.match = api.deepseek.com/**\nrule.ds.limiter = deepseek\n");
        return new Engine(config, new LimiterPool(config.limiters()));
    }

    @Test
    void aCompletedTicketGivesItsPermitBackOnceHoweverOftenItIsCompleted() throws Exception {
        Engine capped = cappedEngine(2);
        Rule ds = capped.config().rules().get(0);
        Admission admission = capped.admissionFor(ds, null);
        Permits permits = admission.limiter(0).permits();
        Engine.Ticket first = Engine.holding(ds, admission, admission.acquireRequest());
        Engine.Ticket second = Engine.holding(ds, admission, admission.acquireRequest());
        assertEquals(2, permits.inFlight());
        capped.onResponse(first, 200, answer(capped.headersWanted(first, 200)));
        capped.onCompletion(first); // a hook that also reports a failure after the response
        capped.onCompletion(first);
        assertEquals(1, permits.inFlight(), "the second request still holds its permit");
        capped.onCompletion(second);
        assertEquals(0, permits.inFlight());
    }

    @Test
    void aTicketThatTookNoPermitGivesNothingBack() throws Exception {
        Engine capped = cappedEngine(1);
        Rule ds = capped.config().rules().get(0);
        Admission admission = capped.admissionFor(ds, null);
        Engine.Ticket holding = Engine.holding(ds, admission, admission.acquireRequest());
        capped.onCompletion(Engine.ticket(ds, admission, admission.acquire())); // observe mode, rate-only callers
        assertEquals(1, admission.limiter(0).permits().inFlight());
        capped.onCompletion(holding);
        assertEquals(0, admission.limiter(0).permits().inFlight());
    }
}
