package io.zero429.instrument.okhttp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StaleConnectionsTest {
    /** Shaped like OkHttp 3.x's RealConnection: it keeps when it went idle, and checks thoroughly whenever asked. */
    static final class ConnectionOf3x {
        long idleAtNanos;

        ConnectionOf3x(long idleForNanos) {
            idleAtNanos = System.nanoTime() - idleForNanos;
        }
    }

    /** Shaped like 4.x and 5.x: they apply the 10 s themselves (their field has another name). */
    static final class ConnectionOf4x {
        long idleAtNs = System.nanoTime();
    }

    @AfterEach
    void endAttempt() {
        StaleConnections.limitedAttemptEnds();
    }

    @Test
    void asksForTheThoroughCheckOnlyWhileALimitedAttemptLooksForItsConnection() {
        ConnectionOf3x idleLong = new ConnectionOf3x(TimeUnit.SECONDS.toNanos(11));
        assertFalse(StaleConnections.checkThoroughly(idleLong), "a request under no rule is left as OkHttp treats it");
        StaleConnections.limitedAttemptStarts();
        assertTrue(StaleConnections.checkThoroughly(idleLong));
        StaleConnections.limitedAttemptEnds();
        assertFalse(StaleConnections.checkThoroughly(idleLong));
    }

    @Test
    void onOkHttp3OnlyAfterTenSecondsIdleAsLaterVersionsDo() {
        StaleConnections.limitedAttemptStarts();
        assertFalse(StaleConnections.checkThoroughly(new ConnectionOf3x(TimeUnit.SECONDS.toNanos(9))),
                "a connection idle 9 s: no millisecond spent on it");
        assertTrue(StaleConnections.checkThoroughly(new ConnectionOf3x(TimeUnit.SECONDS.toNanos(10))));
        assertTrue(StaleConnections.checkThoroughly(new ConnectionOf4x()), "4.x and 5.x: their own 10 s applies");
        assertFalse(StaleConnections.checkThoroughly(new ConnectionOf3x(0)), "the cached field of another class");
    }
}
