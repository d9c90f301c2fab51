package io.zero429.observe;

import java.util.function.Supplier;

/** JMX view of one limiter. */
public final class LimiterView extends FlowView implements LimiterViewMBean {
    LimiterView(Supplier<FlowFigures> figures) {
        super(figures);
    }

    @Override
    public long getLimitSignals() {
        return figures().signals(SignalType.LIMIT_STATUS);
    }

    @Override
    public long getRetryAfterPauses() {
        return figures().signals(SignalType.PAUSE);
    }

    @Override
    public long getServerCorrections() {
        return figures().signals(SignalType.SERVER_COUNT);
    }

    @Override
    public double getRateRatio() {
        return figures().gauges().rateRatio();
    }

    @Override
    public double getPausedMillis() {
        return millis(figures().gauges().pausedNanos());
    }

    @Override
    public String getBreakerState() {
        return figures().gauges().breakerState();
    }

    @Override
    public String getLastSignal() {
        LastSignal last = figures().lastSignal();
        return last == null ? "none" : last.toString();
    }
}
