package io.zero429.instrument;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Releases delayed asynchronous sends. One daemon thread that does nothing else, so a release is never queued
 * behind the application's work (the JDK's {@code delayedExecutor} runs on the common pool, which has a single
 * thread on a 2-core machine): a request released late would reach the server too close to the next one.
 * Created on first use; an application that never sends asynchronously never starts it.
 */
public final class Timer {
    private Timer() {
    }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "zero429-timer");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    /** An executor that runs its task {@code delayNanos} from now on the timer thread. */
    public static Executor after(long delayNanos) {
        return task -> schedule(task, delayNanos);
    }

    /** Runs {@code task} {@code delayNanos} from now on the timer thread; cancelling it removes it from the timer. */
    public static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return Holder.TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
}
