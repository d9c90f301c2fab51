package io.zero429.instrument.vertx;

import io.vertx.core.buffer.Buffer;
import io.zero429.instrument.BodyPrefix;
import io.zero429.signal.BodyCodes;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientResponseImpl.handleChunk(Buffer)}, through which each chunk of a response body passes
 * on its way to the application's handler: a body watched for body codes ({@link VertxAttempt#BODIES}) gets a copy of
 * its first bytes (the buffer itself is untouched). Everything else passes untouched.
 */
public final class ChunkAdvice {
    private ChunkAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object response, @Advice.Argument(0) Buffer data) {
        BodyPrefix prefix = VertxAttempt.BODIES.watched(response);
        if (prefix != null && prefix.watching() && data != null) {
            int count = Math.min(data.length(), BodyCodes.MAX_SCANNED);
            prefix.read(data.getBytes(0, count), 0, count);
        }
    }
}
