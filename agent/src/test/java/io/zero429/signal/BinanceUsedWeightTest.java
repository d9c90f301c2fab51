package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BinanceUsedWeightTest {
    @Test
    void documentedHeader() {
        BinanceUsedWeight w = BinanceUsedWeight.parse("X-MBX-USED-WEIGHT-1M", "66");
        assertEquals(TimeUnit.MINUTES.toNanos(1), w.intervalNanos());
        assertEquals(66, w.used());
    }

    @Test
    void namesAreCaseInsensitiveAndAllUnitsWork() {
        assertEquals(TimeUnit.SECONDS.toNanos(10), BinanceUsedWeight.parse("x-mbx-used-weight-10s", " 3 ").intervalNanos());
        assertEquals(TimeUnit.HOURS.toNanos(1), BinanceUsedWeight.parse("X-Mbx-Used-Weight-1h", "0").intervalNanos());
        assertEquals(TimeUnit.DAYS.toNanos(1), BinanceUsedWeight.parse("X-MBX-USED-WEIGHT-1D", "6000").intervalNanos());
        assertEquals(TimeUnit.DAYS.toNanos(999), BinanceUsedWeight.intervalNanos("X-MBX-USED-WEIGHT-999D"));
    }

    @Test
    void otherNamesAreNotUsedWeight() {
        for (String name : new String[] {null, "", "X-MBX-USED-WEIGHT", "X-MBX-USED-WEIGHT-", "X-MBX-USED-WEIGHT-M",
            "X-MBX-USED-WEIGHT-0M", "X-MBX-USED-WEIGHT-1Y", "X-MBX-USED-WEIGHT-1MS", "X-MBX-USED-WEIGHT-1000M",
            "X-MBX-ORDER-COUNT-10S", "X-MBX-USED-WEIGHT-1\u0661M", "X-MBX-USED-WE\u0130GHT-1M", "Y-MBX-USED-WEIGHT-1M"}) {
            assertEquals(-1, BinanceUsedWeight.intervalNanos(name), String.valueOf(name));
            assertNull(BinanceUsedWeight.parse(name, "1"), String.valueOf(name));
        }
    }

    @Test
    void unusableValuesAreNull() {
        for (String bad : new String[] {null, "", " ", "-1", "1.5", "66 66", "99999999999999999999", "1".repeat(10_000)}) {
            assertNull(BinanceUsedWeight.parse("X-MBX-USED-WEIGHT-1M", bad), String.valueOf(bad));
        }
    }
}
