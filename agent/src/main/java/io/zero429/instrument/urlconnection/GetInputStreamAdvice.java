package io.zero429.instrument.urlconnection;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code sun.net.www.protocol.http.HttpURLConnection.getInputStream()}: when the outermost call returns
 * or throws, the response status is known ({@code responseCode} is set before a 4xx/5xx makes it throw), so the
 * response of the request this connection sent is handed to the engine, once. When a limiter listens to body codes,
 * the application gets the body stream watched ({@link ConnectionBodies}).
 */
public final class GetInputStreamAdvice {
    private GetInputStreamAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter() {
        return ConnectionTickets.startRead();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean outermost, @Advice.This Object connection,
            @Advice.FieldValue("responseCode") int status, @Advice.FieldValue("responses") Object responses,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) InputStream returned) {
        ConnectionTickets.endRead();
        if (!outermost) {
            return;
        }
        Engine.Ticket ticket = ConnectionTickets.take(connection);
        if (ticket != null) {
            if (status <= 0) {
                Hooks.failed(ticket);
            } else {
                ConnectionBodies.expect(connection, ticket);
                String[] names = Hooks.signalHeaders(ticket, status);
                String[] values = names.length == 0 ? names : new String[names.length];
                for (int i = 0; i < names.length; i++) {
                    values[i] = ConnectionTickets.header(responses, names[i]);
                }
                Hooks.response(ticket, status, values);
            }
        }
        returned = ConnectionBodies.watched(connection, returned);
    }
}
