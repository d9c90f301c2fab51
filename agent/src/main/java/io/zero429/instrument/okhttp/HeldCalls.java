package io.zero429.instrument.okhttp;

import io.zero429.Engine;
import io.zero429.Zero429Exception;
import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enqueued calls that must wait for their slot wait here, not on one of OkHttp's Dispatcher threads: the agent keeps
 * the call and its {@code Callback} and enqueues it itself, from its timer, when the slot comes. A waiting call then
 * holds neither a Dispatcher thread nor one of its 5 places per host, so other calls to that host (unlimited ones,
 * or under another rule) go on meanwhile.
 *
 * <p>The slot is reserved at {@code enqueue}; the call's first wire attempt claims it in {@link ConnectAdvice}
 * (a later attempt, a retry or a redirect, waits there as for {@code execute()}). A refusal is claimed the same way,
 * so it reaches {@code Callback.onFailure} through OkHttp, as itself. The callback OkHttp is given gives back a
 * reservation no attempt claimed (a call cancelled before it reached the network).
 *
 * <p>Only OkHttp's public interfaces are used, through the application's class loader.
 */
public final class HeldCalls {
    /** What {@link #reserve} returns for a call the agent holds: its {@code enqueue} is skipped. */
    public static final Object HOLDING = new Object();
    /** What {@link #claim} returns when nothing was reserved: the attempt is admitted as usual. */
    public static final Object NONE = new Object();
    /** Reserved for a call the engine could not track (an internal fault): its attempts go on untouched. */
    private static final Object UNTRACKED = new Object();
    /** Reservations made for calls OkHttp runs, until their first attempt claims them or the call ends. */
    private static final Map<Object, Object> RESERVED = new ConcurrentHashMap<>();
    /** Calls the agent holds until their slot. */
    private static final Map<Object, Held> HELD = new ConcurrentHashMap<>();
    /** Set while the agent itself enqueues a call it held. */
    private static final ThreadLocal<Boolean> HANDING_OVER = new ThreadLocal<>();

    private HeldCalls() {
    }

    public static boolean handingOver() {
        return HANDING_OVER.get() != null;
    }

    /**
     * Reserves the call's slot: returns {@link #HOLDING} when it must wait (the agent enqueues it when due), else the
     * callback to enqueue it with now (watching the reservation), or {@code callback} itself when nothing was
     * reserved (a fault: the attempt waits in {@link ConnectAdvice}).
     */
    public static Object reserve(Object call, Object callback, Rule rule, String keyValue) {
        CallApi api = CallApi.of(call);
        if (api == null) {
            return callback;
        }
        Hooks.Scheduled scheduled;
        try {
            scheduled = Hooks.schedule(rule, keyValue, Clients.OKHTTP);
        } catch (Zero429Exception refused) {
            RESERVED.put(call, refused);
            return api.watch(call, callback);
        }
        if (scheduled == null) {
            return callback;
        }
        if (scheduled.delayNanos == 0) {
            RESERVED.put(call, scheduled.ticket);
            return api.watch(call, callback);
        }
        Held held = new Held(api, call, callback);
        HELD.put(call, held);
        scheduled.due().whenComplete((ticket, refusal) -> held.due(refusal != null ? refusal : ticket));
        return HOLDING;
    }

    /**
     * The application cancelled {@code call}: if the agent holds it, OkHttp gets it now and reports the
     * cancellation to its callback at once, as it would have without the agent; its slot, when it comes, is given
     * back as that of a request that never left.
     */
    public static void cancelled(Object call) {
        Held held = HELD.remove(call);
        if (held != null) {
            held.handOver(UNTRACKED);
        }
    }

    /** A call the agent holds until its slot. */
    private static final class Held {
        private final CallApi api;
        private final Object call;
        private final Object callback;
        private final AtomicBoolean handedOver = new AtomicBoolean();

        Held(CallApi api, Object call, Object callback) {
            this.api = api;
            this.call = call;
            this.callback = callback;
        }

        /** On the agent's timer: the slot came (a ticket, or null: untracked) or the refusal did. */
        void due(Object reservation) {
            Object outcome = reservation instanceof CompletionException && ((Throwable) reservation).getCause() != null
                    ? ((Throwable) reservation).getCause() : reservation;
            if (!handOver(outcome instanceof Engine.Ticket || outcome instanceof Zero429Exception ? outcome : UNTRACKED)
                    && outcome instanceof Engine.Ticket) {
                Hooks.failed((Engine.Ticket) outcome); // cancelled meanwhile: the slot goes unused
            }
        }

        /** OkHttp runs the call now, its first attempt claiming {@code reservation}; false if already done. */
        boolean handOver(Object reservation) {
            if (!handedOver.compareAndSet(false, true)) {
                return false;
            }
            HELD.remove(call, this);
            RESERVED.put(call, reservation);
            HANDING_OVER.set(Boolean.TRUE);
            try {
                api.enqueue(call, api.watch(call, callback));
            } catch (Throwable e) {
                // Only the application can have made enqueue throw (it executed the call meanwhile): nothing leaves.
                release(call);
                Hooks.faults().fault("OkHttp enqueue of a held call", e);
            } finally {
                HANDING_OVER.remove();
            }
            return true;
        }
    }

    /**
     * The reservation made at enqueue for {@code call}'s first attempt, removed: a ticket, null for an untracked
     * call; throws the refusal. {@link #NONE} when nothing was reserved.
     */
    public static Object claim(Object call) throws Zero429Exception {
        if (RESERVED.isEmpty()) {
            return NONE;
        }
        Object reserved = RESERVED.remove(call);
        if (reserved == null) {
            return NONE;
        }
        if (reserved instanceof Zero429Exception) {
            throw (Zero429Exception) reserved;
        }
        return reserved == UNTRACKED ? null : reserved;
    }

    /** The call ended (its callback is called): a reservation it never claimed is given back. */
    static void release(Object call) {
        Object left = RESERVED.remove(call);
        if (left instanceof Engine.Ticket) {
            Hooks.failed((Engine.Ticket) left);
        }
    }

    /** {@code Call.enqueue} and the {@code Callback} interface of the OkHttp the call comes from. */
    static final class CallApi {
        private static volatile CallApi last;
        private final ClassLoader loader;
        private final Method enqueue;
        private final Class<?> callbackType;

        private CallApi(ClassLoader loader, Method enqueue, Class<?> callbackType) {
            this.loader = loader;
            this.enqueue = enqueue;
            this.callbackType = callbackType;
        }

        /** Null if this OkHttp's API cannot be reached (then the call is not held). */
        static CallApi of(Object call) {
            ClassLoader loader = call.getClass().getClassLoader();
            CallApi known = last;
            if (known != null && known.loader == loader) {
                return known;
            }
            try {
                Class<?> callType = Class.forName("okhttp3.Call", false, loader);
                Class<?> callbackType = Class.forName("okhttp3.Callback", false, loader);
                known = new CallApi(loader, callType.getMethod("enqueue", callbackType), callbackType);
                // The proxy class now, not while a released call is on its way to the Dispatcher.
                Proxy.newProxyInstance(loader, new Class<?>[] {callbackType}, (proxy, method, args) -> null);
                last = known;
                return known;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Hooks.faults().fault("OkHttp enqueue API", e);
                return null;
            }
        }

        void enqueue(Object call, Object callback) throws Throwable {
            try {
                enqueue.invoke(call, callback);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        Object watch(Object call, Object callback) {
            return Proxy.newProxyInstance(loader, new Class<?>[] {callbackType}, new Releasing(call, callback));
        }
    }

    /** The application's callback, giving back an unclaimed reservation before OkHttp reports the call's end. */
    private static final class Releasing extends ForwardingHandler {
        private final Object call;

        Releasing(Object call, Object callback) {
            super(callback);
            this.call = call;
        }

        @Override
        protected Object call(Method method, Object[] args) throws Throwable {
            release(call);
            return super.call(method, args);
        }
    }
}
