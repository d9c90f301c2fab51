package io.zero429.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.Engine;
import io.zero429.limit.Admission;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesParser;
import io.zero429.signal.BodyCodes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A body read through a watched stream reaches the limiters that listen to its code, and only those. */
class BodySignalHooksTest {
    private static final String RULES = "limiter.kis.limits = 10/s\nlimiter.kis.signals = kis-body\n"
            + "rule.kis.match = kis.example/**\nrule.kis.limiter = kis\n"
            + "limiter.gemini.limits = 10/s\nlimiter.gemini.signals = gemini-body\n"
            + "rule.gemini.match = gemini.example/**\nrule.gemini.limiter = gemini\n"
            + "limiter.plain.limits = 10/s\nrule.plain.match = plain.example/**\nrule.plain.limiter = plain\n";
    private static final String KIS = "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"초당 거래건수를 초과하였습니다.\"}";
    private static final String GEMINI = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{"
            + "\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2s\"}]}}";

    private Engine previous;
    private Engine engine;

    @BeforeEach
    void install() throws Exception {
        previous = Hooks.engine();
        RulesConfig config = RulesParser.parse("body.properties", RULES);
        engine = new Engine(config, new LimiterPool(config.limiters()));
        Hooks.install(engine);
    }

    @AfterEach
    void restore() {
        Hooks.install(previous);
    }

    private Engine.Ticket ticket(String host) throws Exception {
        var rule = engine.match("GET", host, 443, "/x");
        Admission admission = engine.admissionFor(rule, null);
        return Engine.ticket(rule, admission, admission.acquire());
    }

    private Limiter limiter(String name) {
        return engine.pool().shared(name);
    }

    private static byte[] readThrough(Engine.Ticket ticket, byte[] body) throws IOException {
        try (InputStream in = WatchedInputStream.of(ticket, new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKisCodeAtTheStartOfTheBodyIsALimitSignal() throws Exception {
        byte[] body = KIS.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, readThrough(ticket("kis.example"), body));
        assertEquals(1, limiter("kis").limitSignals());
    }

    @Test
    void aGeminiRetryDelayPausesTheLimiter() throws Exception {
        readThrough(ticket("gemini.example"), GEMINI.getBytes(StandardCharsets.UTF_8));
        long pausedFor = limiter("gemini").pausedUntil() - System.nanoTime();
        assertTrue(pausedFor > TimeUnit.MILLISECONDS.toNanos(1500) && pausedFor <= TimeUnit.SECONDS.toNanos(2),
                "paused for " + pausedFor / 1_000_000 + " ms");
    }

    @Test
    void aCodeBeyondTheFirst8KbIsNotSeen() throws Exception {
        String late = "{\"pad\":\"" + " ".repeat(BodyCodes.MAX_SCANNED) + "\"," + KIS.substring(1);
        readThrough(ticket("kis.example"), late.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, limiter("kis").limitSignals());
    }

    @Test
    void aBodyNoLimiterListensToIsLeftAlone() throws Exception {
        InputStream body = new ByteArrayInputStream(KIS.getBytes(StandardCharsets.UTF_8));
        assertSame(body, WatchedInputStream.of(ticket("plain.example"), body), "not even wrapped");
        assertSame(body, WatchedInputStream.of(null, body), "no ticket: the request was not throttled");
        body.readAllBytes();
        assertEquals(0, limiter("plain").limitSignals());
    }

    @Test
    void aFaultInTheEngineIsLoggedAndTheBodyStillReads() throws Exception {
        long faults = Hooks.faults().count();
        // A ticket the engine cannot act on (no admission): onBody fails inside the engine.
        Engine.Ticket broken = Engine.ticket(engine.match("GET", "kis.example", 443, "/x"), null, 0);
        byte[] body = KIS.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, readThrough(broken, body));
        assertTrue(Hooks.faults().count() > faults, "the fault was logged");
    }
}
