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
import io.zero429.signal.BodyCodes;
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

    /** A one-rule engine over {@code limiterLines} (the limiter is named l). */
    private static Engine engine(String... limiterLines) throws Exception {
        RulesConfig config = RulesParser.parse("signals.properties", String.join("\n", limiterLines)
                + "\nrule.r.match = api.example.com/**\nrule.r.limiter = l\n");
        return new Engine(config, new LimiterPool(config.limiters()));
    }

    private static long waitHint(Engine engine) {
        return engine.admissionFor(engine.config().rules().get(0), null).waitHint();
    }

    @Test
    void upbitRemainingReqIsHeardOnlyByALimiterListeningToIt() throws Exception {
        for (boolean listening : new boolean[] {true, false}) {
            Engine engine = engine("limiter.l.limits = 10/s burst 10",
                    listening ? "limiter.l.signals = 429, retry-after, upbit" : "");
            Limiter limiter = send(engine, engine.config().rules().get(0), 200,
                    "Remaining-Req", "group=ticker; min=1800; sec=0");
            assertEquals(listening ? 1 : 0, limiter.serverCorrections());
            assertEquals(listening, waitHint(engine) > 0, "the server's empty bucket holds the next request");
        }
    }

    @Test
    void xRateLimitRemainingZeroHoldsRequestsUntilTheReset() throws Exception {
        Engine engine = engine("limiter.l.limits = 100/s");
        send(engine, engine.config().rules().get(0), 200, "X-RateLimit-Limit", "60", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "20");
        long wait = waitHint(engine);
        assertTrue(wait > TimeUnit.SECONDS.toNanos(19) && wait <= TimeUnit.SECONDS.toNanos(20), "" + wait);
    }

    @Test
    void ietfRateLimitFieldsAreHeardByDefault() throws Exception {
        Engine engine = engine("limiter.l.limits = 100/s");
        send(engine, engine.config().rules().get(0), 200, "RateLimit", "\"default\";r=0;t=7",
                "RateLimit-Policy", "\"default\";q=100;w=60");
        long wait = waitHint(engine);
        assertTrue(wait > TimeUnit.SECONDS.toNanos(6) && wait <= TimeUnit.SECONDS.toNanos(7), "" + wait);
    }

    @Test
    void openAiHeadersWhenListenedTo() throws Exception {
        Engine engine = engine("limiter.l.limits = 100/s", "limiter.l.signals = 429, retry-after, openai");
        send(engine, engine.config().rules().get(0), 200, "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "6m0s");
        long wait = waitHint(engine);
        assertTrue(wait > TimeUnit.SECONDS.toNanos(359) && wait <= TimeUnit.SECONDS.toNanos(360), "" + wait);
    }

    @Test
    void binanceUsedWeightLeavesTheRestOfTheMinute() throws Exception {
        Engine engine = engine("limiter.l.limits = 6000/m", "limiter.l.signals = 429, retry-after, binance-weight");
        send(engine, engine.config().rules().get(0), 200, "X-MBX-USED-WEIGHT-1M", "6000");
        long wait = waitHint(engine);
        assertTrue(wait > 0 && wait <= TimeUnit.MINUTES.toNanos(1), "until the minute ends: " + wait);
        Engine light = engine("limiter.l.limits = 6000/m burst 100", "limiter.l.signals = 429, retry-after, binance-weight");
        send(light, light.config().rules().get(0), 200, "X-MBX-USED-WEIGHT-1M", "120");
        assertEquals(0, waitHint(light), "weight left: nothing changes");
    }

    @Test
    void retryAfterMsOnA429() throws Exception {
        Engine engine = engine("limiter.l.limits = 100/s");
        Limiter limiter = send(engine, engine.config().rules().get(0), 429, "retry-after-ms", "1500");
        long paused = pausedFor(limiter);
        assertTrue(paused > TimeUnit.MILLISECONDS.toNanos(1400) && paused <= TimeUnit.MILLISECONDS.toNanos(1500),
                "" + paused);
    }

    @Test
    void aConfiguredBanStatusPausesForTheConfiguredDefault() throws Exception {
        Engine engine = engine("limiter.l.limits = 100/s", "limiter.l.ban-status = 403", "limiter.l.ban-pause = 10m");
        Limiter limiter = send(engine, engine.config().rules().get(0), 403);
        long paused = pausedFor(limiter);
        assertTrue(paused > TimeUnit.SECONDS.toNanos(599) && paused <= TimeUnit.SECONDS.toNanos(600), "" + paused);
        Limiter notBanned = send(engine("limiter.l.limits = 100/s", "limiter.l.ban-status = 403"),
                engine.config().rules().get(0), 418);
        assertTrue(pausedFor(notBanned) <= 0, "418 is not a ban for this limiter");
    }

    @Test
    void bodyCodesAreHeardByLimitersListeningToThem() throws Exception {
        String kis = "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"...\"}";
        for (boolean listening : new boolean[] {true, false}) {
            Engine engine = engine("limiter.l.limits = 18/s", listening ? "limiter.l.signals = kis-body" : "");
            Rule r = engine.config().rules().get(0);
            Admission admission = engine.admissionFor(r, null);
            Engine.Ticket ticket = Engine.ticket(r, admission, admission.acquire());
            assertEquals(listening, engine.readsBody(ticket));
            engine.onBody(ticket, BodyCodes.scan(kis));
            assertEquals(listening ? 1 : 0, admission.limiters().get(0).limitSignals());
        }
    }

    @Test
    void aGeminiRetryDelayPausesAndADailyQuotaWaitsForMidnightPacific() throws Exception {
        Engine engine = engine("limiter.l.limits = 5/m", "limiter.l.signals = gemini-body");
        Rule r = engine.config().rules().get(0);
        Admission admission = engine.admissionFor(r, null);
        Engine.Ticket ticket = Engine.ticket(r, admission, admission.acquire());
        engine.onBody(ticket, BodyCodes.scan("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":"
                + "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"33s\"}]}}"));
        long paused = pausedFor(admission.limiters().get(0));
        assertTrue(paused > TimeUnit.SECONDS.toNanos(32) && paused <= TimeUnit.SECONDS.toNanos(33), "" + paused);
        engine.onBody(ticket, BodyCodes.scan("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":"
                + "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":"
                + "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]}]}}"));
        long daily = pausedFor(admission.limiters().get(0));
        assertTrue(daily > paused && daily <= TimeUnit.HOURS.toNanos(25), "until the daily reset: " + daily);
    }

    @Test
    void aCompletedTicketGivesItsPermitBackOnceHoweverOftenItIsCompleted() throws Exception {
        Engine capped = engine("limiter.l.limits = 100/s burst 100", "limiter.l.concurrency = 2");
        Rule ds = capped.config().rules().get(0);
        Admission admission = capped.admissionFor(ds, null);
        Permits permits = admission.limiter(0).permits();
        Engine.Ticket first = Engine.holding(ds, admission, System.nanoTime(), admission.acquireRequest(), 0,
                Admission.ONE_CLIENT);
        Engine.Ticket second = Engine.holding(ds, admission, System.nanoTime(), admission.acquireRequest(), 0,
                Admission.ONE_CLIENT);
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
        Engine capped = engine("limiter.l.limits = 100/s burst 100", "limiter.l.concurrency = 1");
        Rule ds = capped.config().rules().get(0);
        Admission admission = capped.admissionFor(ds, null);
        Engine.Ticket holding = Engine.holding(ds, admission, System.nanoTime(), admission.acquireRequest(), 0,
                Admission.ONE_CLIENT);
        capped.onCompletion(Engine.ticket(ds, admission, admission.acquire())); // observe mode, rate-only callers
        assertEquals(1, admission.limiter(0).permits().inFlight());
        capped.onCompletion(holding);
        assertEquals(0, admission.limiter(0).permits().inFlight());
    }
}
