package io.zero429.store;

import io.zero429.observe.StoreFigures;
import io.zero429.observe.WaitHistogram;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis server that limiters share schedules through: its connections, its scripts, and whether it answers. A
 * background thread (one per store, not per request) says every second that this process is live (so every process
 * knows how many share the store, for the local share) and, while the store does not answer, is what looks for it
 * again: requests never wait for a store known to be down. A failure is logged once per outage, the return once.
 */
final class RedisStore {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    static final String PROCESSES_KEY = "zero429:processes";
    /** How often a live process says so, and how long it counts after its last word. */
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long LIVE_NANOS = 3 * HEARTBEAT_NANOS;
    /** How often an unanswering store is looked for again. */
    static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Connections kept open for reservations (limiters reserve one at a time each: a few suffice). */
    static final int IDLE_CONNECTIONS = 2;

    private final RedisAddress address;
    private final int timeoutMillis;
    private final String process;
    private final ConcurrentLinkedDeque<Jedis> idle = new ConcurrentLinkedDeque<>();
    /** Each script's SHA once loaded (by its text); a restarted server forgets them (NOSCRIPT: loaded again). */
    private final java.util.Map<String, String> shas = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pauses to tell the store (limiter's key: when, on this host's clock, each ends), sent by the heartbeat thread. */
    private final java.util.Map<String, Long> pauses = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Cuts to tell the store, by limiter hash: {ratio ppm, how long it matters (ns), when it was made (nanoTime)}; the
     * latest of each wins.
     */
    private final java.util.Map<String, long[]> cuts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean available;
    /** The heartbeat confirmed that the store does not answer (false while only a request failed). */
    private volatile boolean down = true;
    private volatile int processes;
    private final java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
    /** The store was said not to answer and has not answered since. */
    private volatile boolean warnedUnreachable;
    private final Thread heartbeat;
    private volatile boolean closed;
    private final WaitHistogram roundTrips = new WaitHistogram();

    RedisStore(RedisAddress address, long timeoutNanos, String process) {
        this.address = address;
        this.timeoutMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        this.process = process;
        // Connected, scripts loaded and code paths warm before the first request asks (or found down, and said so).
        beat();
        this.heartbeat = new Thread(this::beatForever, "zero429-redis-" + address.label());
        heartbeat.setDaemon(true);
        heartbeat.start();
        StoreFigures.register(this::figures);
    }

    boolean available() {
        return available;
    }

    boolean down() {
        return down;
    }

    int processes() {
        return processes;
    }

    StoreFigures figures() {
        return new StoreFigures(address.label(), available, processes, errors.get(), roundTrips.snapshot());
    }

    /**
     * Runs the reservation script and hands its reply to {@code read}; marks the store unavailable (logged once) and
     * throws if it does not answer, or answers what {@code read} cannot take.
     */
    void reserve(List<String> keys, List<String> args, Function<Object, ?> read) throws IOException {
        call(jedis -> read.apply(evaluate(jedis, RedisScripts.RESERVE, keys, args)));
    }

    /**
     * Nothing of the limiter whose hash is {@code key} leaves, in any process, for {@code nanos} from now: queued for
     * the heartbeat thread, which tells the store at once (or, while it does not answer, once it does and the pause
     * still runs). Never a round trip in the caller, which may be a client's I/O thread.
     */
    void pause(String key, long nanos) {
        if (nanos <= 0) {
            return;
        }
        pauses.merge(key, System.nanoTime() + nanos, (a, b) -> b - a > 0 ? b : a);
        LockSupport.unpark(heartbeat);
    }

    /**
     * The adjuster of the limiter whose hash is {@code key} cut its ratio to {@code ratioPpm}, which matters for
     * {@code mattersNanos}: queued for the heartbeat thread like a {@link #pause}, and told with its age, so that the
     * store dates it when it was made (a cut that recovered while the store did not answer is dropped).
     */
    void cut(String key, long ratioPpm, long mattersNanos) {
        cuts.put(key, new long[] {ratioPpm, Math.min(TimeUnit.HOURS.toNanos(1), mattersNanos), System.nanoTime()});
        LockSupport.unpark(heartbeat);
    }

    /** On the heartbeat thread: tells the store the cuts queued; one it could not tell stays queued. */
    private void tellCuts() {
        for (String key : new ArrayList<>(cuts.keySet())) {
            long[] cut = cuts.remove(key);
            long age = cut == null ? 0 : System.nanoTime() - cut[2];
            if (cut == null || age >= cut[1]) {
                continue;
            }
            try {
                List<String> args = new ArrayList<>(3);
                args.add(Long.toString(cut[0]));
                args.add(Long.toString(TimeUnit.NANOSECONDS.toMillis(cut[1] - age) + 1000));
                args.add(Long.toString(TimeUnit.NANOSECONDS.toMicros(age)));
                run(RedisScripts.CUT, java.util.Collections.singletonList(key), args);
            } catch (IOException e) {
                cuts.putIfAbsent(key, cut); // a newer cut queued meanwhile wins
                return;
            }
        }
    }

    /** On the heartbeat thread: tells the store the pauses queued; one it could not tell stays queued. */
    private void tellPauses() {
        for (String key : new ArrayList<>(pauses.keySet())) {
            Long ends = pauses.remove(key);
            long left = ends == null ? 0 : ends - System.nanoTime();
            if (left <= 0) {
                continue;
            }
            try {
                List<String> args = new ArrayList<>(1);
                args.add(Long.toString(TimeUnit.NANOSECONDS.toMicros(left) + 1));
                run(RedisScripts.PAUSE, java.util.Collections.singletonList(key), args);
            } catch (IOException e) {
                pauses.merge(key, ends, (a, b) -> b - a > 0 ? b : a);
                return; // the store does not answer: the retries look for it, and tell it then
            }
        }
    }

    private Object run(String script, List<String> keys, List<String> args) throws IOException {
        return call(jedis -> evaluate(jedis, script, keys, args));
    }

    private Object evaluate(Jedis jedis, String script, List<String> keys, List<String> args) {
        String sha = shas.get(script);
        if (sha != null) {
            try {
                return jedis.evalsha(sha, keys, args);
            } catch (JedisException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                    throw e;
                }
                // the server restarted: its scripts are gone
            }
        }
        return jedis.evalsha(load(jedis, script), keys, args);
    }

    private String load(Jedis jedis, String script) {
        String sha = jedis.scriptLoad(script);
        shas.put(script, sha);
        return sha;
    }

    /** One command on a pooled connection; a failure closes it, marks the store unavailable and becomes an IOException. */
    private <T> T call(Function<Jedis, T> command) throws IOException {
        Jedis jedis = null;
        boolean pooled = false;
        for (int attempt = 0; ; attempt++) {
            try {
                jedis = idle.poll();
                pooled = jedis != null;
                if (!pooled) {
                    jedis = connect();
                }
                long asked = System.nanoTime();
                T result = command.apply(jedis);
                roundTrips.record(System.nanoTime() - asked);
                idle.push(jedis);
                return result;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // the client's failures, a reply not as expected, anything: never the application's
                if (jedis != null) {
                    closeQuietly(jedis);
                    jedis = null;
                }
                if (attempt == 0 && pooled && closedUnderneath(e)) {
                    // A kept connection the server closed (it restarted, or drops idle clients): the command never
                    // ran; once more on a new one, which fails at once if the server is really gone.
                    drainIdle();
                    continue;
                }
                failed(e);
                throw new IOException("redis store " + address.label() + ": " + reason(e), e);
            }
        }
    }

    /** The connection was found closed or reset (not a timeout: a command that timed out may have run). */
    private static boolean closedUnderneath(Throwable e) {
        if (!(e instanceof JedisConnectionException)) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return false;
            }
        }
        return true;
    }

    private void drainIdle() {
        Jedis stale;
        while ((stale = idle.poll()) != null) {
            closeQuietly(stale);
        }
    }

    private Jedis borrow() {
        Jedis jedis = idle.poll();
        return jedis != null ? jedis : connect();
    }

    /** A new connection, connected now, within the timeout, not at its first command. */
    private Jedis connect() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .database(address.database).clientName("zero429").ssl(address.tls)
                .protocol(RedisProtocol.RESP2) // the scripts' replies are plain arrays of integers
                // No CLIENT SETINFO: one round trip less per connection, and the shaded client cannot read its version.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (address.tls) {
            // The password goes over this connection: the certificate must name the host (no default does).
            javax.net.ssl.SSLParameters tls = new javax.net.ssl.SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            config.sslParameters(tls);
        }
        if (address.user != null) {
            config.user(address.user);
        }
        String password = RedisAddress.password();
        if (password != null) {
            config.password(password);
        }
        Jedis created = new Jedis(new HostAndPort(address.host, address.port), config.build());
        created.getConnection();
        return created;
    }

    private void failed(Throwable e) {
        errors.incrementAndGet();
        available = false;
        drainIdle();
        if (Thread.currentThread() != heartbeat) {
            LockSupport.unpark(heartbeat); // a request failed: the heartbeat confirms (or not) at once
            return;
        }
        if (!down) {
            down = true;
            warnedUnreachable = true;
            LOG.warn("redis store {} does not answer ({}): limiters on it plan on a local share of their budget ({} "
                    + "unless store.fallback-share says otherwise) until it does", address.label(), reason(e),
                    shareText());
        }
    }

    /** The default local share, as the limiters work it out ({@code RemoteSharing}). */
    private String shareText() {
        return processes > 0 ? "1/" + processes + ", the processes last seen live on it"
                : "1/8, as it never said how many processes share it";
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    /** Says this process is live and learns how many are; brings the store back if it was down. */
    private void beat() {
        List<String> keys = new ArrayList<>(1);
        keys.add(PROCESSES_KEY);
        List<String> args = new ArrayList<>(2);
        args.add(process);
        args.add(Long.toString(TimeUnit.NANOSECONDS.toMicros(LIVE_NANOS)));
        boolean wasAvailable = available;
        try {
            Object live = run(RedisScripts.HEARTBEAT, keys, args);
            processes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ((Number) live).longValue()));
            if (!shas.containsKey(RedisScripts.RESERVE)) {
                // Loaded before any reservation asks: a cold first request pays no extra round trip.
                call(jedis -> load(jedis, RedisScripts.RESERVE));
            }
            // Connections opened here, not by a reservation inside a limiter's lock (name lookup, TLS, AUTH).
            try {
                while (idle.size() < IDLE_CONNECTIONS) {
                    idle.push(connect());
                }
            } catch (RuntimeException notNow) {
                // the store answered: reservations open what they need, and the next beat tries again
            }
        } catch (IOException | RuntimeException e) {
            down = true;
            if (!wasAvailable && !warnedUnreachable) {
                warnedUnreachable = true;
                LOG.warn("redis store {} does not answer ({}): limiters on it plan on a local share of their budget "
                        + "({} unless store.fallback-share says otherwise) until it does", address.label(), reason(e),
                        shareText());
            }
            return;
        }
        boolean wasDown = down;
        down = false;
        if (!wasAvailable) {
            available = true;
            warnedUnreachable = false;
            if (wasDown && errors.get() > 0) {
                LOG.warn("redis store {} answers again: limiters on it share its schedule again ({} processes live)",
                        address.label(), processes);
            }
        }
    }

    /** Stops the heartbeat and closes the connections (tests; a process's store lives as long as the process). */
    void close() {
        closed = true;
        heartbeat.interrupt();
        Jedis jedis;
        while ((jedis = idle.poll()) != null) {
            closeQuietly(jedis);
        }
    }

    private void beatForever() {
        while (!closed) {
            LockSupport.parkNanos(available ? HEARTBEAT_NANOS : RETRY_NANOS); // or until a failure or a pause
            try {
                beat();
                if (!pauses.isEmpty() && available) {
                    tellPauses();
                }
                if (!cuts.isEmpty() && available) {
                    tellCuts();
                }
            } catch (Throwable e) { // the thread must live on: without it an unanswering store is never found back
                LOG.warn("redis store {}: the heartbeat failed unexpectedly", address.label(), e);
            }
        }
    }

    private static void closeQuietly(Jedis jedis) {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // a broken connection: nothing more to do with it
        }
    }
}
