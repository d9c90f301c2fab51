package io.zero429.bench.overhead;

import io.zero429.bench.Machine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files the probe JVMs need, in a temporary directory deleted at the end: the agent jar (found, not copied),
 * the two rules files, and a class path holding only the probe classes. The probes must not run from
 * benchmarks.jar: it also holds the agent's classes and JMH, and an unused 18 MB jar on the class path would be
 * part of the start-up being measured.
 */
final class Workspace implements AutoCloseable {
    static final String AGENT_JAR = "agent/target/zero429-agent.jar";
    static final String TESTAPP_JAR = "testapp/target/zero429-testapp.jar";
    static final String EXAMPLE_RULES = "testapp/rules/exchanges.properties";
    /**
     * Appended to the example rules: the last rule (all the others are tried first) matches every probe request,
     * under the largest limit the rules accept. Nothing may ever wait, or the benchmarks would measure waiting:
     * even {@link HookPathBenchmark}, at about 10^7 calls a second, stays far below 10^9 a second.
     */
    static final String LOOPBACK_LIMIT = "1000000000/s burst 1000000000";
    static final String LOOPBACK_RULE = "\n# Added by the overhead benchmark: matches the loopback probe requests; "
            + "the limit is never reached, so nothing waits.\n"
            + "limiter." + ProbeReport.LOOPBACK_LIMITER + ".limits = " + LOOPBACK_LIMIT + "\n"
            + "rule.loopback.match = GET 127.0.0.1/**\n"
            + "rule.loopback.limiter = " + ProbeReport.LOOPBACK_LIMITER + "\n";
    private static final String PROBE_PACKAGE = Workspace.class.getPackageName().replace('.', '/') + "/";

    private final Path agentJar;
    private final Path exampleRules;
    private final Path dir;
    private final Path classes;
    /** The testapp's jar when a probe uses another client than the JDK's, or null. */
    private Path clientJar;
    private final Path rulesWithoutMatch;
    private final Path rulesWithMatch;

    private Workspace(Path agentJar, Path exampleRules) throws IOException {
        this.agentJar = agentJar;
        this.exampleRules = exampleRules;
        this.dir = Files.createTempDirectory("zero429-overhead");
        this.classes = Files.createDirectories(dir.resolve("classes"));
        this.rulesWithoutMatch = dir.resolve("no-match.properties");
        this.rulesWithMatch = dir.resolve("match.properties");
        String example = Files.readString(exampleRules, StandardCharsets.UTF_8);
        Files.writeString(rulesWithoutMatch, example, StandardCharsets.UTF_8);
        Files.writeString(rulesWithMatch, example + LOOPBACK_RULE, StandardCharsets.UTF_8);
        copyProbeClasses();
    }

    /**
     * @param agentJar the agent jar, or null to look for {@value #AGENT_JAR} in the working directory or above
     * @param rules the rules file, or null for {@value #EXAMPLE_RULES} next to the agent module
     */
    static Workspace create(Path agentJar, Path rules) throws IOException {
        Path root = agentJar == null || rules == null ? Machine.projectRoot(AGENT_JAR) : null;
        Path jar = agentJar != null ? agentJar : root.resolve(AGENT_JAR);
        Path example = rules != null ? rules : root.resolve(EXAMPLE_RULES);
        for (Path required : new Path[] {jar, example}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalStateException(required + " not found (build it: mvn -B -q -DskipTests package)");
            }
        }
        return new Workspace(jar.toAbsolutePath().normalize(), example.toAbsolutePath().normalize());
    }

    Path agentJar() {
        return agentJar;
    }

    Path exampleRules() {
        return exampleRules;
    }

    Path rulesWithoutMatch() {
        return rulesWithoutMatch;
    }

    Path rulesWithMatch() {
        return rulesWithMatch;
    }

    /**
     * The probe class path: the probe classes, and the testapp's jar (its clients, no agent class) when a probe uses a
     * client other than the JDK's.
     */
    String probeClasspath() {
        return clientJar == null ? classes.toString() : classes + java.io.File.pathSeparator + clientJar;
    }

    /** Puts the testapp's jar (Reactor Netty, Jetty, Vert.x ...) on the probe class path. */
    void addClients() {
        Path jar = Machine.projectRoot(AGENT_JAR).resolve(TESTAPP_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found (build it: mvn -B -q -DskipTests package)");
        }
        clientJar = jar.toAbsolutePath().normalize();
    }

    Path logFile(String name) {
        return dir.resolve(name);
    }

    String javaagent(Path rules) {
        return "-javaagent:" + agentJar + "=rules=" + rules;
    }

    /** Copies this package's classes (probes and their helpers) from wherever this class was loaded. */
    private void copyProbeClasses() throws IOException {
        Path source;
        try {
            source = Paths.get(Workspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the benchmark classes", e);
        }
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source.resolve(PROBE_PACKAGE))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (!isProbeClass(source.relativize(file).toString())) {
                        continue;
                    }
                    copy(Files.newInputStream(file), source.relativize(file).toString());
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (isProbeClass(entry.getName())) {
                    copy(jar.getInputStream(entry), entry.getName());
                }
            }
        }
    }

    /** This package's classes, not the subpackages JMH generates (the probes do not need them). */
    private static boolean isProbeClass(String entry) {
        return entry.startsWith(PROBE_PACKAGE) && entry.endsWith(".class")
                && entry.indexOf('/', PROBE_PACKAGE.length()) < 0;
    }

    private void copy(InputStream in, String relative) throws IOException {
        try (in) {
            Path target = classes.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
