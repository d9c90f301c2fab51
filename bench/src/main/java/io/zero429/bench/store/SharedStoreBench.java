package io.zero429.bench.store;

import io.zero429.bench.Machine;
import io.zero429.bench.overhead.Stats;
import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.Limiter;
import io.zero429.limit.LimiterPool;
import io.zero429.limit.LimiterSpec;
import io.zero429.limit.SharedStates;
import io.zero429.store.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reservation costs when the schedule is shared through {@code store = file:PATH}, beside the same limiter
 * alone: 1 and 4 JVMs (each one thread) call {@code tryAcquire(1)} on one limiter in a loop for a few seconds, started
 * together, and time every call. Prints per JVM count configuration the calls per second of all of them together and
 * the percentiles of one call (over every call of every JVM).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.zero429.bench.store.SharedStoreBench [--seconds N] [--rounds N]
 * </pre>
 * Limiters: a bucket no run can empty (every call commits); windows of 20 (KIS) and 6000 (Binance's weight a minute)
 * over spans so short that every call commits (each writes its ring back, which every other JVM then loads); and the
 * 6000 over a minute, full after the first calls: each then loads the ring only if another JVM changed it and is
 * refused without writing it. The same through a Redis store ({@code store = redis://}): the bench starts its own
 * {@code redis-server} on 127.0.0.1:16379 (rows skipped if none is installed); each call is one script round trip.
 */
public final class SharedStoreBench {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Pattern RESULT = Pattern.compile("RESULT calls=(\\d+) nanos=(\\d+) samples=(\\S+)");

    private SharedStoreBench() {
    }

    /** One limiter the bench reserves on. */
    enum Kind {
        BUCKET_LOCAL("bucket, alone (no store)", Store.NONE, LimitMode.GCRA, 1_000_000_000L, SECOND),
        BUCKET_FILE("bucket, file store", Store.FILE, LimitMode.GCRA, 1_000_000_000L, SECOND),
        WINDOW_20_FILE("window of 20, file store, every call commits", Store.FILE, LimitMode.WINDOW, 20, 1_000L),
        WINDOW_6000_FILE("window of 6000, file store, every call commits", Store.FILE, LimitMode.WINDOW, 6000,
                10_000_000L),
        WINDOW_6000_FULL("window 6000/min, file store, full: every call refused", Store.FILE, LimitMode.WINDOW, 6000,
                60 * SECOND),
        BUCKET_REDIS("bucket, Redis store (loopback)", Store.REDIS, LimitMode.GCRA, 1_000_000_000L, SECOND),
        WINDOW_20_REDIS("window of 20, Redis store, every call commits", Store.REDIS, LimitMode.WINDOW, 20, 1_000L),
        WINDOW_6000_FULL_REDIS("window 6000/min, Redis store, full: every call refused", Store.REDIS,
                LimitMode.WINDOW, 6000, 60 * SECOND);

        final String label;
        final Store stored;
        final LimitMode mode;
        final long count;
        final long window;

        Kind(String label, Store stored, LimitMode mode, long count, long window) {
            this.label = label;
            this.stored = stored;
            this.mode = mode;
            this.count = count;
            this.window = window;
        }

        /** {@code store}: the file, or the Redis address. */
        Limiter limiter(String store) {
            LimiterSpec.Builder spec = LimiterSpec.builder("bench-" + name().toLowerCase(Locale.ROOT))
                    .limit(new LimitSpec(count, window, (int) Math.min(count, Integer.MAX_VALUE))).mode(mode);
            if (stored == Store.FILE) {
                spec.storeFile(store);
            } else if (stored == Store.REDIS) {
                spec.storeRedis(store);
            }
            LimiterSpec built = spec.build();
            LimiterPool pool = new LimiterPool(List.of(built), stored == Store.NONE ? SharedStates.NONE : new Stores());
            return pool.shared(built.name());
        }
    }

    /** Where a limiter's schedule is shared. */
    enum Store {
        NONE, FILE, REDIS
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Kind.valueOf(args[1]), args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
            return;
        }
        int seconds = 3;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            }
        }
        Path dir = Files.createTempDirectory("zero429-store-bench");
        System.out.printf("java %s, %d cores (%s), load %s; %d s per run, %d rounds%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Machine.cpuModel(),
                Machine.load(), seconds, rounds);
        Process redis = startRedis();
        System.out.println("| limiter | JVMs | calls/s, all JVMs | p50 | p99 | p99.9 | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Kind kind : Kind.values()) {
            if (kind.stored == Store.REDIS && redis == null) {
                System.out.println("| " + kind.label + " | - | redis-server not installed: skipped | | | | |");
                continue;
            }
            for (int jvms : new int[] {1, 4}) {
                List<long[]> samples = new ArrayList<>();
                double rate = 0;
                for (int round = 0; round < rounds; round++) {
                    String store = kind.stored == Store.REDIS ? "redis://127.0.0.1:" + REDIS_PORT
                            : dir.resolve("store-" + kind + "-" + jvms + "-" + round).toString();
                    Round result = round(kind, jvms, store, seconds);
                    samples.add(result.samples);
                    rate += result.callsPerSecond / rounds;
                }
                long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %s | %s | %s | %s |%n", kind.label, jvms, rate,
                        us(Stats.percentile(all, 50)), us(Stats.percentile(all, 99)), us(Stats.percentile(all, 99.9)),
                        us(all[all.length - 1]));
            }
        }
        System.out.printf("load after: %s%n", Machine.load());
        if (redis != null) {
            redis.destroyForcibly();
        }
    }

    /** A port for the bench's own redis-server (loopback, no persistence). */
    private static final int REDIS_PORT = 16379;

    /** The bench's redis-server, or null if none is installed. */
    private static Process startRedis() throws Exception {
        Process redis;
        try {
            redis = new ProcessBuilder("redis-server", "--port", String.valueOf(REDIS_PORT), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return null;
        }
        long deadline = System.nanoTime() + 10 * SECOND;
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", REDIS_PORT)) {
                return redis;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        redis.destroyForcibly();
        throw new IllegalStateException("redis-server did not listen on " + REDIS_PORT);
    }

    private record Round(double callsPerSecond, long[] samples) {
    }

    /** {@code jvms} children started together on one store; their calls per second summed, their samples pooled. */
    private static Round round(Kind kind, int jvms, String store, int seconds) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        // Every child starts timing at the same instant of the host's monotonic clock (one clock for all on Linux).
        long startAt = System.nanoTime() + 3 * SECOND;
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            Path out = Files.createTempFile("zero429-store-bench", ".txt");
            outputs.add(out);
            children.add(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    SharedStoreBench.class.getName(), "child", kind.name(), store, String.valueOf(startAt),
                    String.valueOf(seconds * SECOND)).redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        double rate = 0;
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            if (!children.get(i).waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                children.get(i).destroyForcibly();
                throw new IllegalStateException("a child did not finish");
            }
            String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
            Matcher m = RESULT.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("a child said: " + output);
            }
            rate += Long.parseLong(m.group(1)) * 1e9 / Long.parseLong(m.group(2));
            samples.add(read(Paths.get(m.group(3))));
        }
        return new Round(rate, samples.stream().flatMapToLong(Arrays::stream).toArray());
    }

    /** In a child JVM: warms up until {@code startAt}, then times every call for {@code nanos}. */
    private static void child(Kind kind, String store, long startAt, long nanos) throws IOException {
        Limiter limiter = kind.limiter(store);
        while (System.nanoTime() < startAt) {
            limiter.tryAcquire(1);
        }
        long[] samples = new long[10_000_000];
        int n = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        long now = start;
        while (now < end && n < samples.length) {
            limiter.tryAcquire(1);
            long after = System.nanoTime();
            samples[n++] = after - now;
            now = after;
        }
        Path file = Files.createTempFile("zero429-store-samples", ".bin");
        write(file, samples, n);
        System.out.println("RESULT calls=" + n + " nanos=" + (now - start) + " samples=" + file);
    }

    private static void write(Path file, long[] samples, int n) throws IOException {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * n);
        bytes.asLongBuffer().put(samples, 0, n);
        Files.write(file, bytes.array());
    }

    private static long[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long[] samples = new long[bytes.length / 8];
        java.nio.ByteBuffer.wrap(bytes).asLongBuffer().get(samples);
        Files.delete(file);
        return samples;
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
    }
}
