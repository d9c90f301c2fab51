package io.zero429.instrument.apache4;

import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.apache.Attempt;
import io.zero429.instrument.apache.RequestTargets;
import io.zero429.instrument.apache.ResponseBodies;
import io.zero429.rules.Rule;
import java.io.IOException;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.conn.routing.HttpRoute;

/**
 * Inlined into {@code MainClientExec.execute} and {@code MinimalClientExec.execute}, which lease a connection, open
 * it and send one request on it: a request that must wait does so here, before the lease; one that need not is
 * admitted by {@link WireAdvice} once its connection is open (see {@link Attempt}). Reads status and Retry-After of
 * the response, and registers it for its body to be watched where a limiter listens to body codes
 * ({@link GetEntityAdvice}). The route names the host the request goes to; the request's URI (relative once
 * {@code ProtocolExec} has rewritten it) gives the path.
 */
public final class ExecAdvice {
    private ExecAdvice() {
    }

    @Advice.OnMethodEnter
    public static Attempt enter(@Advice.Argument(0) HttpRoute route, @Advice.Argument(1) HttpRequestWrapper request)
            throws IOException {
        Rule rule;
        String keyValue = null;
        try {
            HttpHost target = route.getTargetHost();
            URI uri = request.getURI();
            rule = Hooks.match(request.getMethod(), target.getSchemeName(), target.getHostName(), target.getPort(),
                    uri != null ? uri.getRawPath() : RequestTargets.path(request.getRequestLine().getUri()));
            if (rule == null) {
                return null;
            }
            String keyHeader = Hooks.keyHeader(rule);
            Header header = keyHeader == null ? null : request.getFirstHeader(keyHeader);
            keyValue = header == null ? null : header.getValue();
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 4 request", e);
            return null;
        }
        return Attempt.blocking(rule, keyValue, request, Clients.APACHE_4);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Attempt attempt, @Advice.Return CloseableHttpResponse response) {
        if (attempt == null) {
            return;
        }
        attempt.end();
        if (response == null) {
            attempt.failed();
            return;
        }
        try {
            int status = response.getStatusLine().getStatusCode();
            String[] names = attempt.signalHeaders(status);
            String[] values = names.length == 0 ? names : new String[names.length];
            for (int i = 0; i < names.length; i++) {
                Header header = response.getFirstHeader(names[i]);
                values[i] = header == null ? null : header.getValue();
            }
            attempt.respond(status, values);
            ResponseBodies.APACHE4.expect(response, attempt.ticket());
        } catch (RuntimeException | LinkageError e) {
            attempt.failed();
            Hooks.faults().fault("Apache HttpClient 4 response", e);
        }
    }
}
