package io.zero429.bench.overhead;

import java.util.List;

/** How a probe JVM is started: with or without the agent, and which rules it gets. */
enum Setup {
    NO_AGENT("no agent"),
    AGENT_NO_MATCH("agent, no rule matches"),
    AGENT_MATCH("agent, a rule matches (no wait)"),
    AGENT_DISABLED("agent, -Dzero429.enabled=false");

    /** How every line the agent logs starts. */
    private static final String AGENT_LOG_PREFIX = "[zero429]";

    final String label;

    Setup(String label) {
        this.label = label;
    }

    /** The JVM options this setup adds to the common flags. */
    List<String> jvmOptions(Workspace workspace) {
        return switch (this) {
            case NO_AGENT -> List.of();
            case AGENT_NO_MATCH -> List.of(workspace.javaagent(workspace.rulesWithoutMatch()));
            case AGENT_MATCH -> List.of(workspace.javaagent(workspace.rulesWithMatch()));
            case AGENT_DISABLED -> List.of("-Dzero429.enabled=false", workspace.javaagent(workspace.rulesWithMatch()));
        };
    }

    boolean agentActive() {
        return this == AGENT_NO_MATCH || this == AGENT_MATCH;
    }

    /** Checks the agent's start-up line says what this setup expects, so a mis-set run cannot pass as a figure. */
    void checkStartupLine(String output) {
        // The start-up line lists every hooked client family; the JDK client is the one the probes use.
        boolean installed = output.contains(" instrumenting ") && output.contains("java.net.http.HttpClient");
        boolean disabled = output.contains("zero429 is disabled");
        boolean expected = switch (this) {
            case NO_AGENT -> !output.contains(AGENT_LOG_PREFIX);
            case AGENT_DISABLED -> disabled && !installed;
            case AGENT_NO_MATCH, AGENT_MATCH -> installed;
        };
        if (!expected) {
            throw new IllegalStateException("the probe JVM (" + label + ") did not start as expected:\n" + output);
        }
    }
}
