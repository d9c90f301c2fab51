package io.zero429.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a limiter acted on what a response said (429, ban, Retry-After, body code, the server's count). */
@Name("io.zero429.Signal")
@Label("Server Signal")
@Category("zero429")
@Description("A limiter acted on a signal from the server")
@StackTrace(false)
final class SignalEvent extends jdk.jfr.Event {
    @Label("Limiter")
    String limiter;

    @Label("Kind")
    String kind;

    @Label("HTTP Status")
    int status;
}
