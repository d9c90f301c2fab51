package io.zero429.limit;

/** How a limiter counts. */
public enum LimitMode {
    /** GCRA (virtual scheduling): a steady rate with a burst tolerance. */
    GCRA,
    /**
     * At most N departures in any sliding window W, for servers that count that way. A GCRA with burst B can put
     * B + W/T requests in one window; this mode never puts more than N.
     */
    WINDOW
}
