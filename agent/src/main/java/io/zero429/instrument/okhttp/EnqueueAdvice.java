package io.zero429.instrument.okhttp;

import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Inlined into {@code RealCall.enqueue(Callback)} (3.x {@code okhttp3.RealCall}, 4.x and 5.x
 * {@code okhttp3.internal.connection.RealCall}): a call that must wait for its slot is not enqueued now; the agent
 * enqueues it when the slot comes ({@link HeldCalls}), so the wait holds no Dispatcher thread. A call that may go now,
 * or is refused, is enqueued at once with its reservation. {@code enqueue} returns at once either way.
 */
public final class EnqueueAdvice {
    private EnqueueAdvice() {
    }

    /** @return true to skip OkHttp's enqueue: the agent holds the call */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.This Call call, @Advice.FieldValue("client") OkHttpClient client,
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Callback callback) {
        // A client with a cache is left as it was (the call waits on its Dispatcher thread): a cache hit never goes
        // on the wire, and a slot reserved at enqueue would make it wait for nothing.
        if (callback == null || HeldCalls.handingOver() || client.cache() != null) {
            return false;
        }
        Request request = call.request();
        HttpUrl url = request.url();
        Rule rule = Hooks.match(request.method(), url.scheme(), url.host(), url.port(), url.encodedPath());
        if (rule == null) {
            return false;
        }
        String keyHeader = Hooks.keyHeader(rule);
        Object reserved = HeldCalls.reserve(call, callback, rule, keyHeader == null ? null : request.header(keyHeader));
        if (reserved == HeldCalls.HOLDING) {
            return true;
        }
        callback = (Callback) reserved;
        return false;
    }
}
