package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One line per limiter with something new since the last summary; nothing when nothing happened. */
class SummaryLineTest {
    @Test
    void saysWhatHappenedSinceTheLastLineAndIsSilentOtherwise() throws Exception {
        ObservedEngine observed = new ObservedEngine();
        SummaryLine summary = new SummaryLine();
        assertEquals(List.of(), summary.next(observed.statistics().limiters()), "nothing happened yet");

        observed.request("ticker", 0, 200).request("ticker", TimeUnit.MILLISECONDS.toNanos(300), 429);
        List<String> lines = summary.next(observed.statistics().limiters());
        assertEquals(1, lines.size(), "only the limiter that had traffic: " + lines);
        String line = lines.get(0);
        assertTrue(line.startsWith("limiter 'market': 2 requests, 1 delayed (p99 wait 300ms), 1 limited (429), 0 bans,"
                + " rate ratio 0."), line);

        assertEquals(List.of(), summary.next(observed.statistics().limiters()), "silent when nothing new happened");

        observed.request("slow", 0, 200);
        lines = summary.next(observed.statistics().limiters());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("limiter 'account': 1 requests, 0 delayed, 0 limited (429), 0 bans, "
                + "rate ratio 1.00"), lines.get(0));
    }
}
