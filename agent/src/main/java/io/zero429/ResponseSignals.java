package io.zero429;

import io.zero429.limit.LimitSpec;
import io.zero429.limit.Limiter;
import io.zero429.observe.SignalType;
import io.zero429.observe.Statistics;
import io.zero429.rules.LimiterRef;
import io.zero429.rules.Rule;
import io.zero429.rules.RulesConfig;
import io.zero429.signal.AnthropicReset;
import io.zero429.signal.BinanceUsedWeight;
import io.zero429.signal.BodyCodes;
import io.zero429.signal.BybitLimit;
import io.zero429.signal.Listening;
import io.zero429.signal.RateLimitFields;
import io.zero429.signal.RemainingCount;
import io.zero429.signal.ResetDuration;
import io.zero429.signal.RetryAfter;
import io.zero429.signal.RetryAfterMs;
import io.zero429.signal.SignalKind;
import io.zero429.signal.UpbitRemainingReq;
import io.zero429.signal.XRateLimit;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the server said about a request (status, headers, body codes) into what its limiters do: a limit
 * signal for the rate adjuster, a pause (Retry-After, ban), or the server's own count of what is left (which only
 * ever slows a limiter down). Each limiter acts only on the signals it listens to ({@code limiter.X.signals}).
 */
final class ResponseSignals {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    private static final String[] NONE = new String[0];
    /** Gemini's daily quotas reset at midnight Pacific time. */
    private static final ZoneId GEMINI_QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

    private final RulesConfig config;
    private final Statistics statistics;
    /** Per rule: the headers to read on an ordinary response, and on a 429/ban/503 (adds Retry-After). */
    private final Map<Rule, String[]> everyResponse = new IdentityHashMap<>();
    private final Map<Rule, String[]> limitResponse = new IdentityHashMap<>();
    private final Map<Rule, Boolean> readsBody = new IdentityHashMap<>();
    private final Set<String> bannedLimiters = ConcurrentHashMap.newKeySet();
    /** Every status some limiter treats as a ban. */
    private final int[] banStatuses;

    ResponseSignals(RulesConfig config, Statistics statistics) {
        this.config = config;
        this.statistics = statistics;
        this.banStatuses = config.limiters().stream()
                .flatMapToInt(spec -> java.util.Arrays.stream(config.listening(spec.name()).banStatuses()))
                .distinct().toArray();
        for (Rule rule : config.rules()) {
            Set<String> every = new LinkedHashSet<>();
            Set<String> onLimit = new LinkedHashSet<>();
            boolean body = false;
            for (LimiterRef ref : rule.limiters()) {
                for (SignalKind kind : config.listening(ref.name()).signals()) {
                    Collections.addAll(kind == SignalKind.RETRY_AFTER ? onLimit : every, kind.headers());
                    body |= kind.readsBody();
                }
            }
            onLimit.addAll(every);
            everyResponse.put(rule, every.isEmpty() ? NONE : every.toArray(new String[0]));
            limitResponse.put(rule, onLimit.isEmpty() ? NONE : onLimit.toArray(new String[0]));
            readsBody.put(rule, body);
        }
    }

    String[] headersWanted(Rule rule, int status) {
        String[] wanted = (isLimitStatus(status) ? limitResponse : everyResponse).get(rule);
        return wanted == null ? NONE : wanted;
    }

    boolean readsBody(Rule rule) {
        return Boolean.TRUE.equals(readsBody.get(rule));
    }

    /** 429, 503 and every configured ban status carry a Retry-After worth reading. */
    private boolean isLimitStatus(int status) {
        return status == 429 || status == 503 || isAnyBan(status);
    }

    private boolean isAnyBan(int status) {
        for (int ban : banStatuses) {
            if (ban == status) {
                return true;
            }
        }
        return false;
    }

    void onResponse(Engine.Ticket ticket, int status, String[] values) {
        String[] names = headersWanted(ticket.rule, status);
        Headers headers = new Headers(names, values);
        long nowMillis = names.length == 0 ? 0 : System.currentTimeMillis();
        for (int i = 0; i < ticket.admission.size(); i++) {
            Limiter limiter = ticket.admission.limiter(i);
            Listening listening = config.listening(limiter.name());
            long retryAfter = listening.listensTo(SignalKind.RETRY_AFTER) ? retryAfterNanos(headers, nowMillis) : 0;
            if (listening.isBan(status)) {
                ban(ticket, limiter, listening, status, retryAfter);
            } else if (status == 429 && listening.listensTo(SignalKind.STATUS_429)) {
                limiter.onLimitSignal(ticket.departure, retryAfter);
                statistics.signal(limiter, SignalType.LIMIT_STATUS, status);
            } else if (retryAfter > 0 && (status == 429 || status == 503)) {
                limiter.pauseFor(retryAfter);
                statistics.signal(limiter, SignalType.PAUSE, status);
            }
            if (headers.any()) {
                serverCounts(ticket, i, limiter, listening, headers, nowMillis);
            }
        }
    }

    private static long retryAfterNanos(Headers headers, long nowMillis) {
        long seconds = RetryAfter.parseNanos(headers.get("Retry-After"), nowMillis);
        long millis = RetryAfterMs.parseNanos(headers.get("retry-after-ms"));
        return Math.max(Math.max(seconds, 0), Math.max(millis, 0));
    }

    private void ban(Engine.Ticket ticket, Limiter limiter, Listening listening, int status, long retryAfter) {
        // Nothing may leave until the ban ends, whether or not the server said how long.
        long pause = Math.max(retryAfter, listening.banPauseNanos());
        limiter.onLimitSignal(ticket.departure, pause);
        statistics.signal(limiter, SignalType.BAN, status);
        if (bannedLimiters.add(limiter.name())) {
            // Names and figures only: no header value, URL or body ever reaches the log.
            LOG.error("BANNED: the server answered HTTP {} to a request under rule '{}': limiter '{}' is paused for {} s "
                    + "({}). The client went over the server's limit repeatedly; check the rules against the API's "
                    + "documented limits. Logged once per limiter.", status, ticket.rule.name(), limiter.name(),
                    pause / 1_000_000_000L, retryAfter > 0 ? "as the server asked" : "the server did not say how long");
        }
    }

    /** The server's own count of what is left: the limiter adopts it when it is lower than its own belief. */
    private void serverCounts(Engine.Ticket ticket, int i, Limiter limiter, Listening listening,
            Headers headers, long nowMillis) {
        long cost = ticket.admission.cost(i);
        long sent = ticket.departure;
        if (listening.listensTo(SignalKind.UPBIT)) {
            UpbitRemainingReq upbit = UpbitRemainingReq.parse(headers.get("Remaining-Req"));
            if (upbit != null && limiter.serverBucketLevel(sent, cost, upbit.sec())) {
                statistics.signal(limiter, SignalType.SERVER_COUNT, 0);
            }
        }
        if (listening.listensTo(SignalKind.RATELIMIT)) {
            RateLimitFields fields = RateLimitFields.parse(headers.list("RateLimit"), headers.list("RateLimit-Policy"));
            if (fields == null) {
                fields = RateLimitFields.parseLegacy(headers.get("RateLimit-Limit"), headers.get("RateLimit-Remaining"),
                        headers.get("RateLimit-Reset"));
            }
            if (fields != null) {
                budget(limiter, sent, cost, fields.remaining(), fields.resetNanos());
            }
        }
        if (listening.listensTo(SignalKind.X_RATELIMIT)) {
            XRateLimit x = XRateLimit.parse(headers.get("X-RateLimit-Limit"), headers.get("X-RateLimit-Remaining"),
                    headers.get("X-RateLimit-Reset"), nowMillis);
            if (x != null) {
                budget(limiter, sent, cost, x.remaining(), x.resetNanos());
            }
        }
        if (listening.listensTo(SignalKind.OPENAI)) {
            budget(limiter, sent, cost, RemainingCount.parse(headers.get("x-ratelimit-remaining-requests")),
                    ResetDuration.parseNanos(headers.get("x-ratelimit-reset-requests")));
        }
        if (listening.listensTo(SignalKind.ANTHROPIC)) {
            budget(limiter, sent, cost, RemainingCount.parse(headers.get("anthropic-ratelimit-requests-remaining")),
                    AnthropicReset.parseNanos(headers.get("anthropic-ratelimit-requests-reset"), nowMillis));
        }
        if (listening.listensTo(SignalKind.BYBIT)) {
            BybitLimit bybit = BybitLimit.parse(headers.get("X-Bapi-Limit-Status"),
                    headers.get("X-Bapi-Limit-Reset-Timestamp"), nowMillis);
            if (bybit != null) {
                budget(limiter, sent, cost, bybit.remaining(), bybit.resetNanos());
            }
        }
        if (listening.listensTo(SignalKind.BINANCE_WEIGHT)) {
            String name = "X-MBX-USED-WEIGHT-1M";
            BinanceUsedWeight used = BinanceUsedWeight.parse(name, headers.get(name));
            if (used != null) {
                binanceWeight(limiter, sent, cost, used, nowMillis);
            }
        }
    }

    private void budget(Limiter limiter, long sent, long cost, long remaining, long resetNanos) {
        if (remaining >= 0 && resetNanos >= 0 && limiter.serverBudget(sent, cost, remaining, resetNanos)) {
            statistics.signal(limiter, SignalType.SERVER_COUNT, 0);
        }
    }

    /**
     * Binance counts weight per fixed interval aligned on the clock (the minute): what is left is the limiter's own
     * count for that interval minus what the server says was used, until the interval's end.
     */
    private void binanceWeight(Limiter limiter, long sent, long cost, BinanceUsedWeight used, long nowMillis) {
        long intervalMillis = used.intervalNanos() / 1_000_000L;
        for (LimitSpec limit : limiter.spec().limits()) {
            if (limit.windowNanos() == used.intervalNanos() && intervalMillis > 0) {
                long untilReset = intervalMillis - Math.floorMod(nowMillis, intervalMillis);
                budget(limiter, sent, cost, Math.max(0, limit.count() - used.used()), untilReset * 1_000_000L);
            }
        }
    }

    /** The signal a body code is, or null for none. */
    private static SignalKind bodySignal(BodyCodes codes) {
        BodyCodes.Kind kind = codes.kind();
        return kind == BodyCodes.Kind.KIS_OVER_RATE ? SignalKind.KIS_BODY
                : kind == BodyCodes.Kind.GEMINI_RESOURCE_EXHAUSTED ? SignalKind.GEMINI_BODY
                : kind == BodyCodes.Kind.BINANCE_TOO_MUCH_WEIGHT ? SignalKind.BINANCE_BODY : null;
    }

    /** Whether {@code limiter} listens to the body code found. */
    boolean listensToBody(Limiter limiter, BodyCodes codes) {
        SignalKind source = bodySignal(codes);
        return source != null && config.listening(limiter.name()).listensTo(source);
    }

    void onBody(Engine.Ticket ticket, BodyCodes codes) {
        SignalKind source = bodySignal(codes);
        if (source == null) {
            return;
        }
        statistics.bodyCode(ticket.rule);
        long pause = 0;
        if (codes.perDayQuota()) {
            // A per-day quota is spent: nothing more until it resets (midnight Pacific), not a retry.
            ZonedDateTime now = ZonedDateTime.now(GEMINI_QUOTA_ZONE);
            ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(GEMINI_QUOTA_ZONE);
            pause = java.time.Duration.between(now, midnight).toNanos();
        } else if (codes.retryDelayNanos() > 0) {
            pause = codes.retryDelayNanos();
        }
        for (int i = 0; i < ticket.admission.size(); i++) {
            Limiter limiter = ticket.admission.limiter(i);
            if (config.listening(limiter.name()).listensTo(source)) {
                limiter.onLimitSignal(ticket.departure, pause);
                statistics.signal(limiter, SignalType.BODY_CODE, 0);
            }
        }
    }

    /** The values a hook read, by name (case-insensitive, as HTTP header names are). */
    private static final class Headers {
        private final String[] names;
        private final String[] values;

        Headers(String[] names, String[] values) {
            this.names = names;
            this.values = values;
        }

        String get(String name) {
            if (values == null) {
                return null;
            }
            for (int i = 0; i < names.length && i < values.length; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    String value = values[i];
                    return value == null || value.isEmpty() ? null : value;
                }
            }
            return null;
        }

        /** Whether the response carried any of the headers read (the usual answer of most servers: none). */
        boolean any() {
            if (values != null) {
                for (String value : values) {
                    if (value != null && !value.isEmpty()) {
                        return true;
                    }
                }
            }
            return false;
        }

        List<String> list(String name) {
            String value = get(name);
            if (value == null) {
                return null;
            }
            List<String> one = new ArrayList<>(1);
            one.add(value);
            return one;
        }
    }
}
