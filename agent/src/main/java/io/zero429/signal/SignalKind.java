package io.zero429.signal;

import java.util.Locale;

/**
 * The server feedback a limiter can listen to ({@code limiter.X.signals = ...}), each with the response headers it
 * reads. Body codes read no header: they are found in the first bytes of the body as the application reads it.
 */
public enum SignalKind {
    /** A 429 status is a limit signal (feeds the rate adjuster). */
    STATUS_429("429"),
    /** {@code Retry-After} (and {@code retry-after-ms}) on a 429, a ban or a 503: nothing leaves until then. */
    RETRY_AFTER("retry-after", "Retry-After", "retry-after-ms"),
    /** IETF {@code RateLimit}/{@code RateLimit-Policy}, and the older {@code RateLimit-Limit/-Remaining/-Reset}. */
    RATELIMIT("ratelimit", "RateLimit", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining",
            "RateLimit-Reset"),
    /** {@code X-RateLimit-Limit/-Remaining/-Reset} (GitHub and many others). */
    X_RATELIMIT("x-ratelimit", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"),
    /** OpenAI (and DeepSeek-compatible) {@code x-ratelimit-remaining-requests}/{@code x-ratelimit-reset-requests}. */
    OPENAI("openai", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"),
    /** Anthropic {@code anthropic-ratelimit-requests-remaining}/{@code -reset}. */
    ANTHROPIC("anthropic", "anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset"),
    /** Bybit {@code X-Bapi-Limit-Status}/{@code X-Bapi-Limit-Reset-Timestamp}. */
    BYBIT("bybit", "X-Bapi-Limit-Status", "X-Bapi-Limit-Reset-Timestamp"),
    /** Upbit {@code Remaining-Req: group=...; sec=N}. */
    UPBIT("upbit", "Remaining-Req"),
    /** Binance {@code X-MBX-USED-WEIGHT-1M}: weight used in the current minute. */
    BINANCE_WEIGHT("binance-weight", "X-MBX-USED-WEIGHT-1M"),
    /** KIS body code {@code EGW00201} (on any status). */
    KIS_BODY("kis-body"),
    /** Gemini {@code RESOURCE_EXHAUSTED} with {@code RetryInfo.retryDelay} or a per-day quota. */
    GEMINI_BODY("gemini-body"),
    /** Binance body code {@code -1003}. */
    BINANCE_BODY("binance-body");

    private final String configName;
    private final String[] headers;

    SignalKind(String configName, String... headers) {
        this.configName = configName;
        this.headers = headers;
    }

    /** The name used in {@code limiter.X.signals}. */
    public String configName() {
        return configName;
    }

    /** The response headers this signal reads (none for status and body signals). */
    public String[] headers() {
        return headers.clone();
    }

    public boolean readsBody() {
        return this == KIS_BODY || this == GEMINI_BODY || this == BINANCE_BODY;
    }

    /** The kind named {@code name} in a rules file (case-insensitive), or null. */
    public static SignalKind byConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SignalKind kind : values()) {
            if (kind.configName.equals(wanted)) {
                return kind;
            }
        }
        return null;
    }
}
