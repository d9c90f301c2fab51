package io.zero429.instrument.jetty;

import io.zero429.instrument.BodyPrefix;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.io.Content;

/**
 * Inlined after {@code read()} of {@code HttpReceiver}'s content source and of the decoding source Jetty puts in front
 * of it for a compressed response: every chunk of a body the application reads comes out of one of them (the one the
 * listeners got: decoded bytes when Jetty decodes). A watched body copies the chunk's first bytes from a duplicate of
 * its buffer (the chunk is untouched) and is handed on at the last chunk or a failure.
 */
public final class ReadAdvice {
    private ReadAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object source, @Advice.Return Content.Chunk chunk) {
        BodyPrefix prefix = JettyAttempt.BODIES.watched(source);
        if (prefix == null || chunk == null) {
            return;
        }
        if (Content.Chunk.isFailure(chunk)) {
            JettyAttempt.BODIES.end(source);
            return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        if (bytes != null && bytes.hasRemaining() && prefix.watching()) {
            prefix.received(bytes);
        }
        if (chunk.isLast()) {
            JettyAttempt.BODIES.end(source);
        }
    }
}
