package io.zero429.observe;

/** JMX {@code io.zero429:type=Limiter,name=<limiter>}: a rule's figures plus what only a limiter has. */
public interface LimiterViewMBean extends FlowViewMBean {
    long getLimitSignals();

    long getRetryAfterPauses();

    long getServerCorrections();

    double getRateRatio();

    double getPausedMillis();

    /** The circuit breaker: closed, open (requests fail at once) or half-open (one trial request at a time). */
    String getBreakerState();

    /** Kind, status and time of the last signal, or "none". */
    String getLastSignal();
}
