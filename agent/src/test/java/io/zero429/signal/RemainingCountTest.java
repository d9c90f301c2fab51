package io.zero429.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RemainingCountTest {
    @Test
    void digitsWithSpacesAreACountAnythingElseIsNone() {
        assertEquals(59, RemainingCount.parse("59"));
        assertEquals(0, RemainingCount.parse(" 0 "));
        assertEquals(RemainingCount.NONE, RemainingCount.parse(null));
        assertEquals(RemainingCount.NONE, RemainingCount.parse(""));
        assertEquals(RemainingCount.NONE, RemainingCount.parse("-1"));
        assertEquals(RemainingCount.NONE, RemainingCount.parse("5 0"));
        assertEquals(RemainingCount.NONE, RemainingCount.parse("12345678901234567890"), "too long to be a count");
    }
}
