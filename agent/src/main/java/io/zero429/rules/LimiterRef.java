package io.zero429.rules;

/** A limiter named by a rule, with the cost a matching request pays in it ({@code binance-weight:5}). */
public final class LimiterRef {
    private final String name;
    private final long cost;

    public LimiterRef(String name, long cost) {
        this.name = name;
        this.cost = cost;
    }

    public String name() {
        return name;
    }

    public long cost() {
        return cost;
    }

    @Override
    public String toString() {
        return cost == 1 ? name : name + ":" + cost;
    }
}
