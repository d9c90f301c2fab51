package io.zero429.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: one request the agent held back. Committed once the wait is known (its slot is reserved). */
@Name("io.zero429.Delay")
@Label("Request Delayed")
@Category("zero429")
@Description("A request held back by zero429 until its limiters let it go")
@StackTrace(false)
final class DelayEvent extends jdk.jfr.Event {
    @Label("Rule")
    String rule;

    @Label("Limiters")
    String limiters;

    @Label("Wait")
    @Timespan(Timespan.NANOSECONDS)
    long wait;
}
