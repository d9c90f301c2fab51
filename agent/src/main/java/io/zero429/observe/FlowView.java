package io.zero429.observe;

import java.util.function.Supplier;

/** The figures of one flow as JMX attributes, read fresh on every access. */
abstract class FlowView implements FlowViewMBean {
    private final Supplier<FlowFigures> figures;

    FlowView(Supplier<FlowFigures> figures) {
        this.figures = figures;
    }

    FlowFigures figures() {
        return figures.get();
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public long getRequests() {
        return figures().requests();
    }

    @Override
    public long getDelayedRequests() {
        return figures().delayed();
    }

    @Override
    public long getRefusedRequests() {
        return figures().refused();
    }

    @Override
    public double getWaitTotalMillis() {
        return millis(figures().waits().sumNanos());
    }

    @Override
    public double getWaitP50Millis() {
        return millis(figures().waits().quantileNanos(0.50));
    }

    @Override
    public double getWaitP95Millis() {
        return millis(figures().waits().quantileNanos(0.95));
    }

    @Override
    public double getWaitP99Millis() {
        return millis(figures().waits().quantileNanos(0.99));
    }

    @Override
    public double getWaitMaxMillis() {
        return millis(figures().waits().maxNanos());
    }

    @Override
    public long getLimitedResponses() {
        return figures().limitedResponses();
    }

    @Override
    public long getBans() {
        return figures().bans();
    }

    @Override
    public long getBodyCodes() {
        return figures().signals(SignalType.BODY_CODE);
    }

    @Override
    public long getObservedDelays() {
        return figures().wouldHaveWaited();
    }

    @Override
    public long getInFlight() {
        return figures().inFlight();
    }
}
