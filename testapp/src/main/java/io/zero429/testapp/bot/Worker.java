package io.zero429.testapp.bot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the bot's loops: sends a request, looks at the status, pauses a little, again, until the bot stops. Any
 * IOException (network trouble, or anything else a client throws) is counted and the loop goes on after a short
 * pause, as a bot that must keep running does.
 */
abstract class Worker implements Runnable {
    private final String name;
    private final long pauseMillis;
    private final Map<String, AtomicLong> outcomes = new TreeMap<>();
    private volatile boolean running = true;

    Worker(String name, long pauseMillis) {
        this.name = name;
        this.pauseMillis = pauseMillis;
    }

    /** Sends one request and returns its HTTP status. */
    abstract int call(long iteration) throws Exception;

    @Override
    public void run() {
        for (long i = 0; running; i++) {
            try {
                count("HTTP " + call(i));
            } catch (java.io.IOException e) {
                count(e.getClass().getSimpleName());
                pause(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                count(e.getClass().getSimpleName());
                pause(100);
            }
            pause(pauseMillis);
        }
    }

    private synchronized void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    void stop() {
        running = false;
    }

    synchronized String report() {
        return name + " " + outcomes;
    }
}
