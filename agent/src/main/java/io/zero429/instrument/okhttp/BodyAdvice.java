package io.zero429.instrument.okhttp;

import io.zero429.instrument.Hooks;
import net.bytebuddy.asm.Advice;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;
import okio.Source;

/**
 * Inlined into {@code BridgeInterceptor.intercept(Chain)}, which returns an attempt's response with its body as the
 * application will read it (decompressed): when {@link ConnectAdvice} said that body is expected, the response goes
 * on with the same body behind a watched source ({@link OkHttpBodies}). {@code ResponseBody.create(MediaType, long,
 * BufferedSource)} and {@code Okio.buffer(Source)} are in OkHttp 3.x to 5.x and okio 1.x to 3.x alike.
 */
public final class BodyAdvice {
    private BodyAdvice() {
    }

    @SuppressWarnings("deprecation") // ResponseBody.create(MediaType, long, BufferedSource): the one 3.x has too
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false) Response response) {
        OkHttpBodies.Expected expected = OkHttpBodies.take();
        if (expected == null || response == null) {
            return;
        }
        // A conditional request the cache answered with its copy: the body read is the cached one, seen when it came.
        try {
            ResponseBody body = response.cacheResponse() == null ? response.body() : null;
            Object watched = body == null ? null : OkHttpBodies.watched(body.source(), expected);
            if (watched != null) {
                response = response.newBuilder().body(ResponseBody.create(body.contentType(), body.contentLength(),
                        Okio.buffer((Source) watched))).build();
            }
        } catch (RuntimeException | LinkageError fault) {
            Hooks.faults().fault("okhttp response body watching", fault);
        }
    }
}
