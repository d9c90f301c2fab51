package io.zero429.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR, periodic (every second while recorded): one limiter's rate ratio, requests in flight and pause. */
@Name("io.zero429.LimiterState")
@Label("Limiter State")
@Category("zero429")
@Description("A limiter's rate ratio, requests in flight and remaining pause")
@Period("1 s")
@StackTrace(false)
final class LimiterStateEvent extends jdk.jfr.Event {
    @Label("Limiter")
    String limiter;

    @Label("Rate Ratio")
    double rateRatio;

    @Label("In Flight")
    long inFlight;

    @Label("Paused For")
    @Timespan(Timespan.NANOSECONDS)
    long paused;
}
