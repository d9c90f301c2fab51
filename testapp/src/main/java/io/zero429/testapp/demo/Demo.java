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
 * agent, and prints what the exchange saw, side by side.
 *
 * <p>{@code java -jar testapp/target/zero429-testapp.jar [--seconds 30] [--time-scale 1] [--agent PATH]
 * [--rules PATH]}, from the project root.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = 30;
        long scale = 1;
        Path agent = Paths.get("agent", "target", "zero429-agent.jar");
        Path rules = Paths.get("testapp", "rules", "exchanges.properties");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--time-scale" -> scale = Long.parseLong(args[i + 1]);
                case "--agent" -> agent = Paths.get(args[i + 1]);
                case "--rules" -> rules = Paths.get(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: Demo "
                        + "[--seconds S] [--time-scale K] [--agent zero429-agent.jar] [--rules exchanges.properties]");
            }
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
            out.printf(Locale.ROOT, "Mock exchange on 127.0.0.1:%d (time scale %d). The bot runs %d s twice.%n",
                    exchange.port(), scale, seconds);
            List<GroupSnapshot> without = runs.run("without agent", List.of(), seconds, out);
            List<GroupSnapshot> with = runs.run("with agent", agentArgs(agent, rules, timeScale), seconds, out);
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
