package io.zero429.bench.soak;

import io.zero429.bench.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The compressed soak: the unmodified bot (JDK HttpClient, OkHttp with a new client per iteration, Apache HttpClient
 * 5, HttpURLConnection) with the real agent and the shipped rules, against the mock exchange, for many minutes; the
 * bot JVM's heap after each GC (from its GC log), threads and classes (from its perf data) watched from outside. It passes when the exchange
 * limited or banned nothing and the heap stayed flat. Run from the project root after
 * {@code mvn -B -q -DskipTests package}:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.zero429.bench.soak.SoakRun [--minutes 10] [--time-scale 60]</pre>
 *
 * <p>Other options: {@code --sample-seconds 10}, {@code --agent}, {@code --rules}, {@code --testapp} (default: the
 * built jars and testapp/rules/exchanges.properties), {@code --bot-option OPTION} (repeatable: one more JVM option for
 * the bot, after the agent's), {@code --full-gc} (force a full GC at each sample for the exact live set; it pauses
 * the bot, see {@link JvmSampler}). Logs (bot, its GC log, exchange) stay in bench/target/soak/DATE-TIME/.
 * Exit code 0: passed; 1: a limited or banned response, or the heap grew past {@link SoakReport#HEAP_GROWTH_BOUND_KB};
 * 2: the run itself failed. Not part of {@code mvn verify}: it takes ten minutes and more.
 */
public final class SoakRun {
    static final String AGENT_JAR = "agent/target/zero429-agent.jar";
    static final String TESTAPP_JAR = "testapp/target/zero429-testapp.jar";
    static final String RULES = "testapp/rules/exchanges.properties";
    /** The API host names the bot calls (testapp's {@code Endpoints}), all sent to the mock exchange. */
    static final String HOSTS = "127.0.0.1 api.upbit.com openapi.koreainvestment.com "
            + "generativelanguage.googleapis.com api.binance.com\n";
    private static final long BOT_GRACE_SECONDS = 60;
    /**
     * The bot's heap: about five times the 13 MB it keeps. With the JDK's default (a quarter of RAM, 6 GB here) G1
     * grows the heap and, when the bot allocates slowly (time scale 1), goes minutes without a collection, so minutes
     * pass without a heap figure (9 collections in the first 200 s of one run). At 64 MB it collects every few
     * seconds; a leak that outgrew it would end the bot with OutOfMemoryError, which fails the soak as well.
     */
    static final String BOT_HEAP = "-Xmx64m";

    double minutes = 10;
    long timeScale = 60;
    long sampleSeconds = 10;
    boolean fullGc;
    private Path agentJar;
    private Path rules;
    private Path testappJar;
    /** Extra JVM options for the bot, for investigations (a wider margin on one limiter, a GC flag...). */
    final List<String> botOptions = new ArrayList<>();

    private SoakRun() {
    }

    public static void main(String[] args) {
        SoakRun run = new SoakRun();
        try {
            run.parse(args);
            System.exit(run.execute() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("soak: the run failed: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--full-gc")) {
                fullGc = true;
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(value);
                case "--time-scale" -> timeScale = Long.parseLong(value);
                case "--sample-seconds" -> sampleSeconds = Long.parseLong(value);
                case "--agent" -> agentJar = Paths.get(value);
                case "--rules" -> rules = Paths.get(value);
                case "--testapp" -> testappJar = Paths.get(value);
                case "--bot-option" -> botOptions.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: SoakRun "
                        + "[--minutes 10] [--time-scale 60] [--sample-seconds 10] [--full-gc] [--agent J] [--rules R] [--testapp J] [--bot-option -Dx=y]...");
            }
        }
        if (minutes <= 0 || timeScale < 1 || sampleSeconds < 1) {
            throw new IllegalArgumentException("--minutes must be positive, --time-scale and --sample-seconds >= 1");
        }
        if (minutes < 10) {
            System.err.println("soak: " + minutes + " minutes is shorter than the issue's 10: a trial, not the soak");
        }
    }

    private boolean execute() throws Exception {
        Path root = agentJar == null || rules == null || testappJar == null ? Machine.projectRoot(AGENT_JAR) : null;
        agentJar = required(agentJar != null ? agentJar : root.resolve(AGENT_JAR));
        rules = required(rules != null ? rules : root.resolve(RULES));
        testappJar = required(testappJar != null ? testappJar : root.resolve(TESTAPP_JAR));
        Path work = Files.createDirectories((root != null ? root : Paths.get("")).resolve("bench/target/soak")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Path javaHome = Paths.get(System.getProperty("java.home"));
        Path java = javaHome.resolve("bin").resolve("java");
        JvmSampler sampler = new JvmSampler(javaHome, fullGc);
        Path gcLog = work.resolve("bot-gc.log");
        long seconds = Math.round(minutes * 60);

        SoakReport report = new SoakReport(this, Machine.load());
        try (ExchangeProcess exchange = new ExchangeProcess(java, testappJar, timeScale, work.resolve("exchange.log"))) {
            List<String> command = botCommand(java, work, gcLog, exchange.port(), seconds);
            report.botCommand(command);
            Path botLog = work.resolve("bot.log");
            say("exchange on port " + exchange.port() + "; the bot runs " + seconds + " s; logs in " + work);
            long start = System.nanoTime();
            Process bot = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(botLog.toFile()).start();
            List<JvmSample> samples = sampleUntilExit(bot, start, seconds, sampler, exchange, gcLog);
            String botOutput = Files.readString(botLog, StandardCharsets.UTF_8);
            if (bot.exitValue() != 0) {
                throw new IllegalStateException("the bot exited with " + bot.exitValue() + "; see " + botLog);
            }
            if (!botOutput.contains(" instrumenting ")) {
                throw new IllegalStateException("the bot's log has no agent start-up line: did the agent load?\n"
                        + botOutput);
            }
            report.finish(samples, new GcLog(gcLog), exchange.stats(), botOutput, Machine.load());
        }
        report.print(System.out);
        return report.passed();
    }

    private static Path required(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found (build it: mvn -B -q -DskipTests package)");
        }
        return file.toAbsolutePath().normalize();
    }

    /** The bot as the demo starts it, plus the GC log the heap is read from; the agent's long windows scaled alike. */
    private List<String> botCommand(Path java, Path work, Path gcLog, int port, long seconds) throws Exception {
        Path hosts = Files.writeString(work.resolve("hosts"), HOSTS);
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djdk.net.hosts.file=" + hosts,
                BOT_HEAP, GcLog.JVM_OPTION + gcLog, "-javaagent:" + agentJar + "=rules=" + rules));
        command.addAll(ScaledLimits.jvmOptions(rules.toString(), Files.readString(rules, StandardCharsets.UTF_8),
                timeScale));
        command.addAll(botOptions);
        command.addAll(List.of("-cp", testappJar.toString(), "io.zero429.testapp.bot.Bot", "--port",
                String.valueOf(port), "--seconds", String.valueOf(seconds)));
        return command;
    }

    private List<JvmSample> sampleUntilExit(Process bot, long start, long seconds, JvmSampler sampler,
            ExchangeProcess exchange, Path gcLog) throws IOException, InterruptedException {
        List<JvmSample> samples = new ArrayList<>();
        long period = TimeUnit.SECONDS.toNanos(sampleSeconds);
        for (long next = start + period; ; next += period) {
            if (bot.waitFor(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return samples;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed > seconds + BOT_GRACE_SECONDS) {
                bot.destroyForcibly().waitFor();
                throw new IllegalStateException("the bot did not stop after " + seconds + " s");
            }
            try {
                JvmSample sample = sampler.sample(bot.pid(), elapsed, exchange.stats());
                samples.add(sample);
                List<GcLog.HeapPoint> heap = new GcLog(gcLog).heap;
                say(String.format(Locale.ROOT, "%5.0f s  heap after GC %6.1f MB  threads %3d  classes %5d  "
                        + "requests %8d  limited+banned %d  load %s", elapsed,
                        heap.isEmpty() ? Double.NaN : heap.get(heap.size() - 1).heapKb() / 1024.0, sample.threads(),
                        sample.loadedClasses(), sample.requests(), sample.refused(), Machine.load()));
            } catch (IOException e) {
                if (bot.isAlive() && elapsed < seconds) {
                    throw e;
                }
                // The bot was stopping or ended between the check and jcmd: the run is over, not broken.
            }
        }
    }

    static void say(String message) {
        System.err.println("[soak] " + message);
    }
}
