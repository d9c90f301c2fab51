package io.zero429.instrument.urlconnection;

import io.zero429.Engine;
import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.rules.Rule;
import java.io.IOException;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code sun.net.www.protocol.http.HttpURLConnection.writeRequests()}: the request is about to go on the
 * wire (the connection is open), so this is where it waits for its slot. Everything here is a JDK type or a bootstrap
 * agent class: the code runs inside {@code java.base}.
 */
public final class WriteRequestsAdvice {
    private WriteRequestsAdvice() {
    }

    /** @return true if this call must end the write (it is the outermost one) */
    @Advice.OnMethodEnter
    public static boolean enter(@Advice.This Object connection, @Advice.FieldValue("method") String method,
            @Advice.FieldValue("url") URL url, @Advice.FieldValue("userHeaders") Object userHeaders)
            throws IOException {
        if (!ConnectionTickets.startWrite()) {
            return false;
        }
        try {
            // A redirect hop or an authentication retry writes again on the same connection: the previous request
            // is answered, and must give back what it holds before this one waits (a cap of 1 would wait for itself).
            Hooks.failed(ConnectionTickets.take(connection));
            Rule rule = Hooks.match(method, url.getProtocol(), url.getHost(), url.getPort(), url.getPath());
            if (rule != null) {
                String keyHeader = Hooks.keyHeader(rule);
                Engine.Ticket ticket = Hooks.admit(rule,
                        keyHeader == null ? null : ConnectionTickets.header(userHeaders, keyHeader),
                        Clients.URL_CONNECTION);
                ConnectionTickets.put(connection, ticket);
            }
        } catch (IOException | RuntimeException e) {
            // The method body (and so the exit advice) will not run: end the write here.
            ConnectionTickets.endWrite();
            throw e;
        }
        return true;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean outermost, @Advice.This Object connection,
            @Advice.Thrown Throwable thrown) {
        if (outermost) {
            ConnectionTickets.endWrite();
            if (thrown != null) {
                Hooks.failed(ConnectionTickets.take(connection)); // the request did not go out: no response comes
            }
        }
    }
}
