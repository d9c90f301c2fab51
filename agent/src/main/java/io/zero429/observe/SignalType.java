package io.zero429.observe;

/** What a limiter was told by a response, as counted and shown ({@code kind} label, JMX, JFR, stats file). */
public enum SignalType {
    /** A 429 the limiter listens to: the adjuster cuts its rate (and a Retry-After pauses it). */
    LIMIT_STATUS("429"),
    /** A ban status (418 by default): the limiter is paused. */
    BAN("ban"),
    /** A Retry-After on a 429/503 the limiter does not take as a limit signal: a pause only. */
    PAUSE("retry-after"),
    /** A body error code (KIS, Gemini, Binance) saying the limit was hit. */
    BODY_CODE("body-code"),
    /** The server's own count said less was left than the limiter believed: it slowed down. */
    SERVER_COUNT("server-count");

    private final String label;

    SignalType(String label) {
        this.label = label;
    }

    /** The name shown outside: lower case, stable. */
    public String label() {
        return label;
    }
}
