package io.zero429.testapp.demo;

import io.zero429.testapp.exchange.GroupSnapshot;
import io.zero429.testapp.exchange.MockExchange;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the unmodified bot in a fresh JVM against the mock exchange for a while, with or without the agent, and
 * returns what the exchange counted. The bot reaches the real host names, mapped to 127.0.0.1 by a hosts file.
 */
public final class BotRun {
    private final MockExchange exchange;
    private final Path testappJar;
    private final Path hostsFile;
    private final Path logDir;

    public BotRun(MockExchange exchange, Path testappJar, Path hostsFile, Path logDir) {
        this.exchange = exchange;
        this.testappJar = testappJar;
        this.hostsFile = hostsFile;
        this.logDir = logDir;
    }

    /**
     * @param agentArgs JVM arguments that attach the agent, or an empty list for a run without it
     * @param progress where to draw a live progress line, or null
     */
    public List<GroupSnapshot> run(String label, List<String> agentArgs, long seconds, PrintStream progress)
            throws IOException, InterruptedException {
        return run(label, agentArgs, seconds, progress, 1);
    }

    /**
     * {@code processes} copies of the bot at once (one IP and one set of accounts, as a deployment of several bot
     * JVMs on one key has), each in its own JVM with {@code agentArgs}.
     */
    public List<GroupSnapshot> run(String label, List<String> agentArgs, long seconds, PrintStream progress,
            int processes) throws IOException, InterruptedException {
        exchange.exchange().reset();
        List<Process> bots = new ArrayList<>();
        try {
            return runAll(label, agentArgs, seconds, progress, processes, bots);
        } finally {
            bots.forEach(Process::destroyForcibly); // none left behind by a failure or an interrupt (done ones: no-op)
        }
    }

    private List<GroupSnapshot> runAll(String label, List<String> agentArgs, long seconds, PrintStream progress,
            int processes, List<Process> bots) throws IOException, InterruptedException {
        List<Path> logs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Djdk.net.hosts.file=" + hostsFile);
            command.addAll(agentArgs);
            command.addAll(List.of("-cp", testappJar.toString(), "io.zero429.testapp.bot.Bot",
                    "--port", String.valueOf(exchange.port()), "--seconds", String.valueOf(seconds)));
            Path log = logDir.resolve("bot-" + label.replace(' ', '-') + (processes > 1 ? "-" + (p + 1) : "") + ".log");
            logs.add(log);
            bots.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        long start = System.nanoTime();
        for (int p = 0; p < processes; p++) {
            Process bot = bots.get(p);
            while (!bot.waitFor(1, TimeUnit.SECONDS)) {
                if (progress != null) {
                    progress.print("\r" + progressLine(label, (System.nanoTime() - start) / 1_000_000_000, seconds));
                    progress.flush();
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(seconds + 60)) {
                    throw new IOException("the bot did not stop; see " + logs.get(p));
                }
            }
        }
        String where = processes > 1 ? logDir.resolve("bot-" + label.replace(' ', '-') + "-*.log").toString()
                : logs.get(0).toString();
        if (progress != null) {
            progress.println("\r" + progressLine(label, seconds, seconds) + "   (bot log: " + where + ")");
        }
        for (int p = 0; p < processes; p++) {
            if (bots.get(p).exitValue() != 0) {
                throw new IOException("the bot failed with exit code " + bots.get(p).exitValue() + "; see "
                        + logs.get(p));
            }
        }
        return exchange.exchange().snapshot();
    }

    private String progressLine(String label, long elapsed, long seconds) {
        long requests = 0;
        long ok = 0;
        long limited = 0;
        long banned = 0;
        for (GroupSnapshot group : exchange.exchange().snapshot()) {
            requests += group.requests();
            ok += group.ok();
            limited += group.limited();
            banned += group.banned();
        }
        return String.format(Locale.ROOT, "%-14s %3d/%d s   requests %6d   ok %6d   429/limited %6d   banned %6d",
                label, Math.min(elapsed, seconds), seconds, requests, ok, limited, banned);
    }
}
