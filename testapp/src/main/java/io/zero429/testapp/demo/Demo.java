package io.zero429.testapp.demo;

import io.zero429.testapp.exchange.GroupSnapshot;
import io.zero429.testapp.exchange.MockExchange;
import io.zero429.testapp.exchange.TimeScale;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The README's first command: runs the unmodified bot against the mock exchange twice, without and then with the
 * agent, and prints what the exchange saw, side by side. With {@code --processes N}, N copies of the bot at once
 * each time (one IP, one set of accounts); with the agent they share one schedule per limiter through a store file
 * (a fresh one per run), or through Redis with {@code --redis redis://HOST:PORT} (a password from
 * {@code ZERO429_REDIS_PASSWORD}, which the bots inherit).
 *
 * <p>{@code java -jar testapp/target/zero429-testapp.jar [--seconds 30] [--time-scale 1] [--processes 1]
 * [--redis URL] [--agent PATH] [--rules PATH]}, from the project root.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = 30;
        long scale = 1;
        int processes = 1;
        String redis = null;
        Path agent = Paths.get("agent", "target", "zero429-agent.jar");
        Path rules = Paths.get("testapp", "rules", "exchanges.properties");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--time-scale" -> scale = Long.parseLong(args[i + 1]);
                case "--agent" -> agent = Paths.get(args[i + 1]);
                case "--rules" -> rules = Paths.get(args[i + 1]);
                case "--processes" -> processes = Integer.parseInt(args[i + 1]);
                case "--redis" -> redis = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: Demo "
                        + "[--seconds S] [--time-scale K] [--processes N] [--redis redis://HOST:PORT] "
                        + "[--agent zero429-agent.jar] [--rules exchanges.properties]");
            }
        }
        if (processes < 1) {
            throw new IllegalArgumentException("--processes must be 1 or more, not " + processes);
        }
        for (Path needed : List.of(agent, rules)) {
            if (!Files.isRegularFile(needed)) {
                System.err.println("demo: " + needed + " not found. Run from the project root after "
                        + "'mvn -B -q -DskipTests package', or name it with --agent/--rules.");
                System.exit(2);
            }
        }
        TimeScale timeScale = new TimeScale(scale);
        Path work = Files.createDirectories(Paths.get("testapp", "target", "demo"));
        PrintStream out = System.out;
        try (MockExchange exchange = new MockExchange(0, timeScale)) {
            BotRun runs = new BotRun(exchange, testappJar(), DemoHosts.write(work), work);
            List<String> withAgent = agentArgs(agent, rules, timeScale);
            if (processes > 1 || redis != null) {
                // Every copy plans on one schedule per limiter: a new store file, or the Redis server given.
                String store = redis != null ? redis
                        : "file:" + work.toAbsolutePath().resolve("shared-" + System.currentTimeMillis() + ".zero429");
                withAgent.add("-Dzero429.defaults.store=" + store);
                out.printf(Locale.ROOT, "Mock exchange on 127.0.0.1:%d (time scale %d). %s %d s twice; with the "
                        + "agent %s.%n", exchange.port(), scale, processes == 1 ? "The bot runs"
                        : processes + " copies of the bot run", seconds, (processes == 1 ? "it plans through " : "they "
                        + "share ") + (redis != null ? "the Redis store" : "a store file"));
            } else {
                out.printf(Locale.ROOT, "Mock exchange on 127.0.0.1:%d (time scale %d). The bot runs %d s twice.%n",
                        exchange.port(), scale, seconds);
            }
            List<GroupSnapshot> without = runs.run("without agent", List.of(), seconds, out, processes);
            List<GroupSnapshot> with = runs.run("with agent", withAgent, seconds, out, processes);
            out.println();
            SideBySide.print(out, without, with);
        }
    }

    /** Attaches the agent with the shipped rules, scaled like the exchange (minute and day windows). */
    static List<String> agentArgs(Path agent, Path rules, TimeScale scale) {
        List<String> args = new ArrayList<>();
        args.add("-javaagent:" + agent.toAbsolutePath() + "=rules=" + rules.toAbsolutePath());
        if (scale.factor() > 1) {
            long minute = TimeUnit.MINUTES.toNanos(1);
            args.add("-Dzero429.limiter.gemini.limits=5/" + scale.scaleRuleWindow(minute) + ", 100/"
                    + scale.scaleRuleWindow(TimeUnit.DAYS.toNanos(1)));
            args.add("-Dzero429.limiter.binance-weight.limits=6000/" + scale.scaleRuleWindow(minute));
        }
        return args;
    }

    private static Path testappJar() throws Exception {
        Path self = Paths.get(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(self)) {
            throw new IllegalStateException("run the demo from testapp/target/zero429-testapp.jar, not from " + self);
        }
        return self;
    }
}
