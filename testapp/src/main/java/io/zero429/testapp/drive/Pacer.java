package io.zero429.testapp.drive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hits one URL with one HTTP client at a fixed demand rate for a while, from several threads, and prints what came
 * back as two machine-readable lines:
 * <pre>
 * PACER client=jdk startMillis=1795785110105 seconds=10.02 200=68 429=2 Zero429WaitTimeoutException=3
 * TIMELINE 200=7,7,7,... 429=0,0,1,...
 * </pre>
 * (outcomes: HTTP statuses, or the simple class name of the failure; the timeline counts each outcome per second of
 * the run, by when its request was due; startMillis is the wall clock at the start; {@code pending=N} counts the
 * requests still under way 2 s after the end, which the Pacer does not wait for). The signal tests run it in
 * forked JVMs with the agent. With several clients ({@code --client jdk,okhttp}), thread i uses the i-th (modulo).
 *
 * <p>{@code java -cp testapp.jar io.zero429.testapp.drive.Pacer --url URL [--client jdk|urlconnection|okhttp|apache5]
 * [--rate R] [--seconds S] [--threads K] [--method GET|POST] [--header Name:value]... [--body TEXT]}
 *
 * <p>The demand is paced, not bursty: thread i of K sends at t = (i + nK) / R. A thread that falls behind (its
 * request waited in a limiter) skips the slots it missed rather than catching up with a burst.
 */
public final class Pacer {
    /**
     * How long after the end a request may still be under way: one still waiting then (in a limiter, or in the
     * client's own retry sleep) is counted as {@code pending}, and the Pacer ends anyway.
     */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Pacer() {
    }

    public static void main(String[] args) throws Exception {
        PacerOptions options = PacerOptions.parse(args);
        String[] clients = options.client().split(",");
        Send[] sends = new Send[clients.length];
        for (int i = 0; i < clients.length; i++) {
            sends[i] = Clients.create(clients[i].trim(), options.threads());
        }
        Outcomes outcomes = new Outcomes();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(Math.round(options.seconds() * 1000));
        long period = Math.round(1e9 * options.threads() / options.rate());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) {
            long first = start + Math.round(1e9 * i / options.rate());
            Send send = sends[i % sends.length];
            Thread thread = new Thread(() -> pace(send, options, outcomes, start, first, period, end), "pacer-" + i);
            thread.start();
            threads.add(thread);
        }
        int pending = 0;
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end + GRACE_NANOS - System.nanoTime())));
            pending += thread.isAlive() ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "PACER client=%s startMillis=%d seconds=%.2f", options.client(),
                startMillis, seconds) + outcomes.totals() + (pending > 0 ? " pending=" + pending : ""));
        System.out.println("TIMELINE" + outcomes.timeline());
        System.out.flush();
        System.exit(0); // client libraries may leave non-daemon threads behind
    }

    private static void pace(Send send, PacerOptions options, Outcomes outcomes, long start, long first, long period,
            long end) {
        for (long slot = first; slot < end; ) {
            long now = System.nanoTime();
            if (now < slot) {
                LockSupport.parkNanos(slot - now);
                continue;
            }
            long second = (slot - start) / 1_000_000_000L;
            outcomes.count(second, outcome(send, options));
            long after = System.nanoTime();
            slot += period;
            if (slot < after) {
                slot += ((after - slot) / period + 1) * period; // skip the missed slots: no catch-up burst
            }
        }
    }

    private static String outcome(Send send, PacerOptions options) {
        try {
            return String.valueOf(send.send(options));
        } catch (IOException e) {
            return failureName(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "InterruptedException";
        } catch (RuntimeException e) {
            return failureName(e);
        }
    }

    /** The agent's own exception if it is anywhere in the chain (a client may wrap it), else the outer class. */
    static String failureName(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().startsWith("Zero429")) {
                return t.getClass().getSimpleName();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
