package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UpbitRemainingReqTest {
    private static void assertParsed(String value, String group, int sec) {
        UpbitRemainingReq r = UpbitRemainingReq.parse(value);
        assertEquals(group, r == null ? null : r.group(), value);
        assertEquals(sec, r.sec(), value);
    }

    @Test
    void documentedExample() {
        assertParsed("group=default; min=1800; sec=29", "default", 29);
    }

    @Test
    void hyphenatedAndUnknownGroups() {
        assertParsed("group=crix-trades; min=600; sec=9", "crix-trades", 9);
        assertParsed("group=order-cancel-all; sec=0", "order-cancel-all", 0);
        assertParsed("group=some-new-group;sec=4", "some-new-group", 4);
    }

    @Test
    void anyOrderWhitespaceAndCase() {
        assertParsed("sec=3;group=market", "market", 3);
        assertParsed("  SEC = 3 ;\tGroup= Market ;", "market", 3);
        assertParsed("min=1800; sec=7; group=candle; extra=x", "candle", 7);
    }

    @Test
    void minIsIgnoredEvenWhenGarbage() {
        assertParsed("group=default; min=garbage; sec=29", "default", 29);
        assertParsed("group=default; sec=29", "default", 29);
    }

    @Test
    void unusableValuesAreNull() {
        for (String bad : new String[] {null, "", "   ", "group=default; min=1800", "min=1800; sec=29",
            "group=; sec=1", "group=default; sec=", "group=default; sec=-1", "group=default; sec=1.5",
            "group=de fault; sec=1", "group=default_1; sec=1", "group=def\u00e4ult; sec=1", "group=default; \u017fec=1",
            "group=default; sec=99999999999999999999", "group=default; sec=29; sec=30", "group=a; group=b; sec=1",
            "group=default, sec=29", "group=default; garbage; sec=29", "group=" + "a".repeat(41) + "; sec=1",
            "group=default; sec=" + "1".repeat(200)}) {
            assertNull(UpbitRemainingReq.parse(bad), String.valueOf(bad));
        }
    }
}
