package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Faults are logged without what the agent was reading: no URL query, header value or body in the log. */
class OnceLogTest {
    @Test
    void aFaultIsLoggedWithItsClassAndFramesButNoMessage() {
        IllegalStateException cause = new IllegalStateException("Authorization: Bearer sk-SECRET-123");
        IllegalArgumentException fault = new IllegalArgumentException(
                "bad URI https://api.example.com/v1/orders?apiKey=SECRET-456", cause);
        Throwable logged = OnceLog.withoutMessages(fault);
        StringWriter text = new StringWriter();
        logged.printStackTrace(new PrintWriter(text));
        String printed = text.toString();
        assertFalse(printed.contains("SECRET"), printed);
        assertTrue(printed.startsWith("java.lang.IllegalArgumentException (message withheld)"), printed);
        assertTrue(printed.contains("Caused by: java.lang.IllegalStateException (message withheld)"), printed);
        assertEquals(fault.getStackTrace().length, logged.getStackTrace().length, "the frames are kept");
    }
}
