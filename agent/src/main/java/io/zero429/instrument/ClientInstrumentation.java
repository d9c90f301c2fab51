package io.zero429.instrument;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;

/** One HTTP client family: where its requests leave and its responses come back. */
public interface ClientInstrumentation {
    /** Shown in the start-up line: {@code java.net.http.HttpClient}. */
    String name();

    /** Adds this family's type matchers and advice. {@code advice} locates the agent's advice class files. */
    AgentBuilder extend(AgentBuilder builder, ClassFileLocator advice);

    /** Anything the JVM needs before the advice can run (module read edges for JDK classes). */
    void prepare(Instrumentation instrumentation);
}
