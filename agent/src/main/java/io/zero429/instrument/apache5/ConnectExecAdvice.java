package io.zero429.instrument.apache5;

import io.zero429.instrument.Clients;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.apache.Attempt;
import io.zero429.instrument.apache.RequestTargets;
import io.zero429.instrument.apache.ResponseBodies;
import io.zero429.rules.Rule;
import java.io.IOException;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;

/**
 * Inlined into the classic {@code ConnectExec.execute}, which leases and opens the connection before the rest of the
 * chain sends the request: a request that must wait does so here, before the lease; one that need not is admitted
 * by {@link WireAdvice} once its connection is open (see {@link Attempt}). The exit reads the response that comes
 * back up the chain. The route names the host the request goes to.
 */
public final class ConnectExecAdvice {
    private ConnectExecAdvice() {
    }

    @Advice.OnMethodEnter
    public static Attempt enter(@Advice.Argument(0) ClassicHttpRequest request,
            @Advice.Argument(1) ExecChain.Scope scope) throws IOException {
        Rule rule;
        String keyValue = null;
        try {
            HttpHost target = scope.route.getTargetHost();
            rule = Hooks.match(request.getMethod(), target.getSchemeName(), target.getHostName(), target.getPort(),
                    RequestTargets.path(request.getPath()));
            if (rule == null) {
                return null;
            }
            String keyHeader = Hooks.keyHeader(rule);
            Header header = keyHeader == null ? null : request.getFirstHeader(keyHeader);
            keyValue = header == null ? null : header.getValue();
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("Apache HttpClient 5 request", e);
            return null;
        }
        return Attempt.blocking(rule, keyValue, request, Clients.APACHE_5_CLASSIC);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Attempt attempt, @Advice.Return ClassicHttpResponse response) {
        if (attempt == null) {
            return;
        }
        attempt.end();
        if (response == null) {
            attempt.failed();
            return;
        }
        try {
            int status = response.getCode();
            String[] names = attempt.signalHeaders(status);
            String[] values = names.length == 0 ? names : new String[names.length];
            for (int i = 0; i < names.length; i++) {
                Header header = response.getFirstHeader(names[i]);
                values[i] = header == null ? null : header.getValue();
            }
            attempt.respond(status, values);
            ResponseBodies.APACHE5.expect(response, attempt.ticket());
        } catch (RuntimeException | LinkageError e) {
            attempt.failed();
            Hooks.faults().fault("Apache HttpClient 5 response", e);
        }
    }
}
