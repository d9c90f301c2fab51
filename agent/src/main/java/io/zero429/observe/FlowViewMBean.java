package io.zero429.observe;

/** What JMX shows of a limiter or a rule (waits in milliseconds; percentiles are histogram bucket bounds). */
public interface FlowViewMBean {
    long getRequests();

    long getDelayedRequests();

    long getRefusedRequests();

    double getWaitTotalMillis();

    double getWaitP50Millis();

    double getWaitP95Millis();

    double getWaitP99Millis();

    double getWaitMaxMillis();

    long getLimitedResponses();

    long getBans();

    long getBodyCodes();

    long getObservedDelays();

    long getInFlight();
}
