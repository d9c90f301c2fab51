package io.zero429;

/**
 * What an operator can do to a running agent over JMX ({@code io.zero429:type=Control}), e.g. from JConsole or
 * {@code jmxterm}: each operation answers with one line saying what it did.
 */
public interface ControlMBean {
    /** Halves every limiter's rate for {@code seconds}, then restores it (the server is struggling, a ban is near). */
    String emergency(long seconds);

    /** Nothing leaves the limiter {@code limiter} (and its partitions) for {@code seconds}. */
    String pause(String limiter, long seconds);

    /** Reads the rules file again now, as the file watch would (a bad file is rejected; the last good one stays). */
    String reload();
}
