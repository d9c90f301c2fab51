package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class AgentLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesArePrefixedAndFormatted() {
        Logger logger = new AgentLoggerFactory(Level.INFO, () -> out).getLogger("x");
        logger.info("limiter {} waits {}", "kis", "55ms");
        assertEquals("[zero429] INFO limiter kis waits 55ms" + System.lineSeparator(), printed());
    }

    @Test
    void levelsBelowTheThresholdAreDropped() {
        Logger logger = new AgentLoggerFactory(Level.WARN, () -> out).getLogger("x");
        logger.info("hidden");
        logger.debug("hidden");
        logger.warn("shown");
        assertEquals("[zero429] WARN shown" + System.lineSeparator(), printed());
    }

    @Test
    void levelNamesParseInAnyCaseAndUnknownMeansInfo() {
        assertEquals(Level.DEBUG, AgentLoggerFactory.parseLevel("debug"));
        assertEquals(Level.ERROR, AgentLoggerFactory.parseLevel("OFF"));
        assertEquals(Level.INFO, AgentLoggerFactory.parseLevel("loud"));
        assertEquals(Level.INFO, AgentLoggerFactory.parseLevel(null));
    }

    @Test
    void aFaultIsLoggedOncePerKindAndCountedEveryTime() {
        OnceLog faults = new OnceLog(new AgentLoggerFactory(Level.INFO, () -> out).getLogger("x"));
        for (int i = 0; i < 100; i++) {
            faults.fault("okhttp hook", new IllegalStateException("boom " + i));
        }
        faults.fault("okhttp hook", new NullPointerException());
        assertEquals(101, faults.count());
        String text = printed();
        assertEquals(2, text.split("internal fault", -1).length - 1, text);
        assertTrue(text.contains("java.lang.IllegalStateException (message withheld)") && !text.contains("boom"), text);
    }
}
