package io.zero429.testapp.exchange;

/** One group's statistics at one moment, for the demo and the end-to-end tests. */
public record GroupSnapshot(String api, String group, String limit, String unit, double allowedPerSecond,
        long burst, long requests, long ok, long okWeight, long limited, long banned, long peakInWindow,
        String peakWindow, double sustainedRate, long firstLimitedMillis) {

    public String name() {
        return api + " " + group;
    }

    /** The sustained rate as a share of the allowed rate, or NaN when too few requests were accepted to tell. */
    public double shareOfAllowed() {
        return ok <= burst + 1 ? Double.NaN : sustainedRate / allowedPerSecond;
    }
}
