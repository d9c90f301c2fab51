package io.zero429.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a limiter's rate ratio moved (cut by a signal, or recovering). */
@Name("io.zero429.RatioChange")
@Label("Rate Ratio Change")
@Category("zero429")
@Description("The share of its configured rate a limiter runs at changed")
@StackTrace(false)
final class RatioChangeEvent extends jdk.jfr.Event {
    @Label("Limiter")
    String limiter;

    @Label("Ratio Before")
    double before;

    @Label("Ratio After")
    double after;
}
