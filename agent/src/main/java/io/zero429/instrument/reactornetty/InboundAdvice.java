package io.zero429.instrument.reactornetty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.zero429.instrument.BodyPrefix;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientOperations.onInboundNext(ChannelHandlerContext, Object)}, through which every piece
 * of a response's content passes on its way to the body the application subscribes to: a body watched for body codes
 * ({@link ReactorAttempt#BODIES}) gets a copy of the first bytes (the buffer's indexes are not moved), and is handed on at the
 * last piece. Everything else passes untouched.
 */
public final class InboundAdvice {
    private InboundAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object connection, @Advice.Argument(1) Object msg) {
        if (!(msg instanceof HttpContent) || msg instanceof HttpResponse) {
            return;
        }
        BodyPrefix prefix = ReactorAttempt.BODIES.watched(connection);
        if (prefix == null) {
            return;
        }
        ByteBuf content = ((HttpContent) msg).content();
        if (prefix.watching() && content.isReadable()) {
            prefix.received(content.nioBuffer());
        }
        if (msg instanceof LastHttpContent) {
            ReactorAttempt.BODIES.end(connection);
        }
    }
}
