package io.zero429.bench.fidelity;

import io.zero429.bench.Machine;
import io.zero429.testapp.net.DelayingProxy;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Does the agent keep an unmodified bot at zero rejections against servers that forgive nothing, from the first
 * request of a cold JVM? Every cell starts a fresh bot JVM ({@code io.zero429.testapp.drive.Burst} from the
 * testapp jar) with the real agent jar and a rules file that states the server's limit plainly, against a fresh
 * {@link ExactServer}; plain HTTP on loopback, or HTTPS through the {@link DelayingProxy} (100-300 ms on each new
 * connection's first bytes, 0-10 ms on every later chunk). Prints one table: rejections counted at the server,
 * efficiency (the shortest time the server's limits needed for the accepted requests ÷ the time they took, from the
 * first accepted arrival), the limiter's pacing (the same up to the first request of the last batch the limits let
 * through together: what follows is the client's own pace) and the achieved rate. A cell passes with no rejection,
 * every request accepted and, if the limits made any request wait, a pacing of at least 0.97 plain, 0.95 through
 * the proxy.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.zero429.bench.fidelity.FidelityMatrix [--quick] [--repeat N]
 *     [--families a,b] [--kinds BUCKET,WINDOW,...] [--plain-only | --proxy-only] [--threads K]
 * </pre>
 * Run from the project root after {@code mvn -B -q -DskipTests package}. {@code --quick}: three families, the bucket
 * and the window; {@code --repeat N}: every cell N times (a cell that fails once has failed). The driver warms its
 * own server and proxy first ({@link DriverWarmup}); every bot JVM is cold.
 */
public final class FidelityMatrix {
    static final String AGENT_JAR = "agent/target/zero429-agent.jar";
    static final String TESTAPP_JAR = "testapp/target/zero429-testapp.jar";
    static final String CERTIFICATE = "agent/src/test/resources/tls/localhost.p12";
    private static final char[] PASSWORD = "zero429".toCharArray();
    /** Families every JDK has; {@code jdk-virtual} is added on JDK 21 and later. */
    static final List<String> FAMILIES = List.of("jdk", "jdk-async", "urlconnection", "okhttp", "okhttp-enqueue",
            "okhttp3", "okhttp3-enqueue", "okhttp5", "okhttp5-enqueue", "apache4", "apache5", "apache5-async",
            "reactor", "jetty", "jetty9", "jetty11", "vertx");
    /** OkHttp 3.x and 5.x with their own Okio (and Kotlin), copied there by the bench build. */
    static final String OTHER_OKHTTP_JARS = "bench/target/clients/okhttp";
    /** Jetty 9.4 and 11's client jars, copied there by the bench build. */
    static final String OTHER_JETTY_JARS = "bench/target/clients/jetty";
    /** The two-window cells take a minute each: three families only, as the issue asks. */
    static final List<String> TWO_WINDOW_FAMILIES = List.of("jdk", "okhttp", "apache5");
    private static final Pattern BURST = Pattern.compile("BURST client=(\\S+) requests=(\\d+) seconds=(\\S+)(.*)");

    private final Path root = Machine.projectRoot(AGENT_JAR);
    private final Path work = Files.createTempDirectory("zero429-fidelity");
    private final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    private final Path trustStore;
    private final SSLContext serverTls;
    /** The driver's own client side of the warm-up: trusts the test certificate. */
    private final SSLContext clientTls;

    private FidelityMatrix() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(root.resolve(CERTIFICATE))) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        // The bots trust the certificate through the JDK's default trust store property, as an application would
        // trust a private CA: a store that holds it as a trusted certificate.
        Certificate certificate = keys.getCertificate(keys.aliases().nextElement());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("zero429-test", certificate);
        trustStore = work.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        FidelityMatrix matrix = new FidelityMatrix();
        List<Cell> cells = options.cells();
        System.out.printf(Locale.ROOT, "fidelity matrix: %d cells x %d run(s); JDK %s; %s; load %s%n", cells.size(),
                options.repeat, Runtime.version(), Machine.cpuModel(), Machine.load());
        System.out.println("| cell | run | server rejections | accepted | efficiency | limiter's pacing | achieved / "
                + "limit rate | bot |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        long warmupStart = System.nanoTime();
        int warmed = DriverWarmup.run(matrix.serverTls, matrix.clientTls);
        System.out.printf(Locale.ROOT, "driver warmed (its server and proxy; the bots stay cold): %d requests "
                + "answered in %.1f s%n", warmed, (System.nanoTime() - warmupStart) / 1e9);
        int failedCells = 0;
        long start = System.nanoTime();
        for (Cell cell : cells) {
            boolean failed = false;
            for (int run = 1; run <= options.repeat; run++) {
                Result result = matrix.run(cell);
                failed |= !result.passed(cell);
                System.out.println(result.row(cell, run));
            }
            failedCells += failed ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%d of %d cells failed (a rejection, or a saturated cell paced under %.2f "
                + "plain / %.2f through the proxy); %.1f min; load %s%n", failedCells, cells.size(), Result.PLAIN_EFFICIENCY,
                Result.PROXY_EFFICIENCY, (System.nanoTime() - start) / 6e10, Machine.load());
        System.exit(failedCells == 0 ? 0 : 1);
    }

    private Result run(Cell cell) throws Exception {
        Path rules = work.resolve("rules.properties");
        Files.writeString(rules, cell.kind().rules());
        try (ExactServer server = new ExactServer(cell.kind().limits(), cell.proxied() ? serverTls : null);
                DelayingProxy proxy = cell.proxied() ? new DelayingProxy(server.port()) : null) {
            String url = (cell.proxied() ? "https://127.0.0.1:" + proxy.port() : "http://127.0.0.1:" + server.port())
                    + cell.kind().path;
            List<String> command = new ArrayList<>(List.of(java.toString(),
                    "-javaagent:" + root.resolve(AGENT_JAR) + "=rules=" + rules,
                    "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=zero429",
                    "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-cp", classPath(cell), "io.zero429.testapp.drive.Burst",
                    "--url", url, "--client", cell.botClient(), "--requests", String.valueOf(cell.requests()),
                    "--threads", String.valueOf(cell.threads())));
            Path log = work.resolve("bot.log");
            Process bot = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!bot.waitFor(10, TimeUnit.MINUTES)) {
                bot.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (server.rejected() > 0) {
                // Kept for whoever looks into it: the agent's log lines, the bot's own count.
                Path kept = Files.copy(log, Files.createTempFile(work, "rejected-" + cell.family() + "-", ".log"),
                        StandardCopyOption.REPLACE_EXISTING);
                System.out.println("  bot log kept: " + kept);
            }
            Matcher line = BURST.matcher(output);
            String outcomes = line.find() ? line.group(4).trim() : "no BURST line: " + tail(output);
            if (Boolean.getBoolean("zero429.fidelity.timeline")) {
                System.out.println(timeline(server.acceptedArrivals()) + (server.rejected() == 0 ? ""
                        : " rejected at (ms): " + server.rejectedArrivals().stream().map(t -> t / 1_000_000).toList()));
            }
            return new Result(server.rejected(), server.acceptedArrivals(), cell.kind().limits(), outcomes);
        }
    }

    /** The testapp jar, behind another OkHttp's or Jetty's jars for the families that swap one in. */
    private String classPath(Cell cell) throws IOException {
        List<String> entries = new ArrayList<>();
        String swapped = cell.okHttpMajor() != null ? OTHER_OKHTTP_JARS + cell.okHttpMajor()
                : cell.jettyMajor() != null ? OTHER_JETTY_JARS + cell.jettyMajor() : null;
        if (swapped != null) {
            Path jars = root.resolve(swapped);
            try (Stream<Path> files = Files.list(jars)) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> entries.add(f.toString()));
            } catch (NoSuchFileException e) {
                throw new IllegalStateException(jars + " is missing: build the bench module (mvn -B -DskipTests "
                        + "package) before running the " + cell.family() + " cells", e);
            }
        }
        entries.add(cell.jettyMajor() != null ? testappJarWithoutJetty().toString() : root.resolve(TESTAPP_JAR).toString());
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The testapp jar without its Jetty 12 (classes and service files), made once: with 9.4's jars merely ahead of it,
     * 9.4's {@code ServiceLoader} still found Jetty 12's header pre-encoders in it and failed every request.
     */
    private Path testappJarWithoutJetty() throws IOException {
        Path stripped = work.resolve("testapp-without-jetty.jar");
        if (Files.exists(stripped)) {
            return stripped;
        }
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(
                root.resolve(TESTAPP_JAR))); java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                Files.newOutputStream(stripped))) {
            for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.startsWith("org/eclipse/jetty/") || name.startsWith("META-INF/services/org.eclipse.jetty.")) {
                    continue;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return stripped;
    }

    /** Bursts of arrivals (a gap of 100 ms or more starts a new one): first-last ms and count. */
    private static String timeline(List<long[]> arrivals) {
        StringBuilder text = new StringBuilder("  arrivals:");
        long burstStart = -1;
        long previous = -1;
        int count = 0;
        for (long[] arrival : arrivals) {
            if (previous >= 0 && arrival[0] - previous >= 100_000_000L) {
                text.append(String.format(Locale.ROOT, " %d-%d(%d)", burstStart / 1_000_000, previous / 1_000_000, count));
                burstStart = -1;
                count = 0;
            }
            burstStart = burstStart < 0 ? arrival[0] : burstStart;
            previous = arrival[0];
            count++;
        }
        return text.append(String.format(Locale.ROOT, " %d-%d(%d)", burstStart / 1_000_000, previous / 1_000_000,
                count)).toString();
    }

    private static String tail(String output) {
        String flat = output.replace('\n', ' ');
        return flat.length() <= 300 ? flat : flat.substring(flat.length() - 300);
    }

    /** What one run of a cell came to, as the server counted it. */
    static final class Result {
        static final double PLAIN_EFFICIENCY = 0.97;
        static final double PROXY_EFFICIENCY = 0.95;
        final int rejected;
        final int accepted;
        final double efficiency;
        /**
         * The limiter's own share: the same ratio up to the first request of the last batch the limits let through
         * together (a window's worth, or the last request for a bucket). What follows it is the client's pace (8
         * threads sending 300 requests of a window take their time), which no limiter can speed up.
         */
        final double pacing;
        final double rateRatio;
        final String outcomes;
        final boolean saturated;

        Result(int rejected, List<long[]> arrivals, List<ExactLimit> fresh, String outcomes) {
            this.rejected = rejected;
            this.accepted = arrivals.size();
            this.outcomes = outcomes;
            long first = arrivals.isEmpty() ? 0 : arrivals.get(0)[0];
            long last = arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1)[0];
            // The shortest time the same limits need for the same requests: each as early as they accept it.
            long t = first;
            long units = 0;
            int lastBatch = 0;
            for (int i = 0; i < arrivals.size(); i++) {
                long[] arrival = arrivals.get(i);
                long before = t;
                for (ExactLimit limit : fresh) {
                    t = Math.max(t, limit.earliest(t, arrival[1]));
                }
                for (ExactLimit limit : fresh) {
                    limit.take(t, arrival[1]);
                }
                if (t > before) {
                    lastBatch = i;
                }
                units += arrival[1];
            }
            long shortest = t - first;
            long lastBatchTook = arrivals.isEmpty() ? 0 : arrivals.get(lastBatch)[0] - first;
            this.pacing = lastBatchTook > 0 ? (double) shortest / lastBatchTook : 1.0;
            this.saturated = shortest > 0; // the limit made some request wait: the cell measured the limit
            this.efficiency = last > first ? (double) shortest / (last - first) : 1.0;
            double limitRate = Double.MAX_VALUE;
            for (ExactLimit limit : fresh) {
                limitRate = Math.min(limitRate, limit.unitsPerSecond());
            }
            this.rateRatio = last > first ? units * 1e9 / (last - first) / limitRate : 0;
        }

        boolean passed(Cell cell) {
            double floor = cell.proxied() ? PROXY_EFFICIENCY : PLAIN_EFFICIENCY;
            return rejected == 0 && accepted == cell.requests() && (!saturated || pacing >= floor)
                    && ranTheRightOkHttp(cell) && ranTheRightJetty(cell);
        }

        /** The bot names the Jetty it ran: a swapped family that ran Jetty 12 measured nothing. */
        private boolean ranTheRightJetty(Cell cell) {
            return cell.jettyMajor() == null || outcomes.contains("jetty=" + cell.jettyMajor() + ".");
        }

        /** The bot names the OkHttp it ran: a swapped family that ran OkHttp 4 measured nothing. */
        private boolean ranTheRightOkHttp(Cell cell) {
            return cell.okHttpMajor() == null || outcomes.contains("okhttp=" + cell.okHttpMajor() + ".");
        }

        String row(Cell cell, int run) {
            return String.format(Locale.ROOT, "| %s | %d | %s%d | %d | %s | %s | %.3f | %s |", cell.label(), run,
                    passed(cell) ? "" : "**FAIL** ", rejected, accepted,
                    saturated ? String.format(Locale.ROOT, "%.3f", efficiency) : "(not saturated)",
                    saturated ? String.format(Locale.ROOT, "%.3f", pacing) : "-", rateRatio, outcomes);
        }
    }

    /** The command line. */
    static final class Options {
        List<String> families = new ArrayList<>(FAMILIES);
        List<Cell.Kind> kinds = new ArrayList<>(Arrays.asList(Cell.Kind.values()));
        boolean plain = true;
        boolean proxied = true;
        int repeat = 1;
        int threads = 8;

        static Options parse(String[] args) {
            Options o = new Options();
            if (Runtime.version().feature() >= 21) {
                o.families.add(1, "jdk-virtual");
            }
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> {
                        o.families = new ArrayList<>(List.of("jdk", "okhttp", "apache5-async"));
                        o.kinds = new ArrayList<>(List.of(Cell.Kind.BUCKET, Cell.Kind.WINDOW));
                    }
                    case "--repeat" -> o.repeat = Integer.parseInt(args[++i]);
                    case "--families" -> o.families = new ArrayList<>(List.of(args[++i].split(",")));
                    case "--kinds" -> {
                        o.kinds = new ArrayList<>();
                        for (String kind : args[++i].split(",")) {
                            o.kinds.add(Cell.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
                        }
                    }
                    case "--plain-only" -> o.proxied = false;
                    case "--proxy-only" -> o.plain = false;
                    case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class "
                            + "comment of " + FidelityMatrix.class.getName());
                }
            }
            return o;
        }

        List<Cell> cells() {
            List<Cell> cells = new ArrayList<>();
            for (boolean proxy : new boolean[] {false, true}) {
                if (proxy ? !proxied : !plain) {
                    continue;
                }
                for (Cell.Kind kind : kinds) {
                    for (String family : families) {
                        if (kind == Cell.Kind.TWO_WINDOWS && !TWO_WINDOW_FAMILIES.contains(family)) {
                            continue;
                        }
                        cells.add(new Cell(family, kind, proxy, kind.requests, threads));
                    }
                }
            }
            return cells;
        }
    }
}
