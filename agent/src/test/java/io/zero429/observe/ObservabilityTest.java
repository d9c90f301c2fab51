package io.zero429.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zero429.rules.RulesSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ObservabilityTest {
    private static long interval(String value) {
        Map<String, String> props = value == null ? Map.of() : Map.of("zero429.summary.interval", value);
        return Observability.summaryInterval(new RulesSource(props, null));
    }

    @Test
    void theSummaryComesEveryMinuteUnlessToldOtherwise() {
        assertEquals(TimeUnit.SECONDS.toNanos(60), interval(null));
        assertEquals(TimeUnit.SECONDS.toNanos(10), interval("10s"));
        assertEquals(TimeUnit.MINUTES.toNanos(5), interval("5m"));
        assertEquals(0, interval("0"));
        assertEquals(0, interval("off"));
        assertEquals(0, interval(" OFF "));
        assertEquals(TimeUnit.SECONDS.toNanos(30),
                Observability.summaryInterval(new RulesSource(Map.of(), "summary.interval=30s")),
                "an agent argument works as for every flag");
        assertThrows(IllegalArgumentException.class, () -> interval("often"));
    }
}
