package io.zero429.rules;

/** What the agent does with a request that must wait. */
public enum AgentMode {
    /** Delay it until it conforms. */
    ENFORCE,
    /** Measure and log what would have been delayed; delay nothing. */
    OBSERVE
}
