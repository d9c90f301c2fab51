package io.zero429.instrument;

import java.lang.instrument.Instrumentation;
import java.util.List;

/** One HTTP client family: where its requests leave and its responses come back. */
public interface ClientInstrumentation {
    /** Shown in the start-up line: {@code java.net.http.HttpClient}. */
    String name();

    /** The classes this family changes, each with the advice for its methods. */
    List<TypeHook> hooks();

    /** Anything the JVM needs before the advice can run (module read edges for JDK classes). */
    void prepare(Instrumentation instrumentation);
}
