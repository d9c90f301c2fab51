package io.zero429.bench.overhead;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.jdkhttp.SendAdvice;
import io.zero429.limit.LimiterPool;
import io.zero429.rules.RulesConfig;
import io.zero429.rules.RulesSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's own work per blocking JDK HttpClient send, without the network: the advice woven into
 * {@code HttpClientImpl.send} ({@link SendAdvice#enter} before, {@link SendAdvice#exit} after), called directly on
 * the engine the agent would build from the same rules file. This is the cost the forked-JVM latency figure
 * tries to see through the noise of a loopback round trip. {@code rules}: the rules file with the loopback rule
 * (written by {@link OverheadRun}; run from the project root, the default is the example file, where no rule
 * matches 127.0.0.1, so use {@code -p rules=FILE} to measure {@code ruleMatches}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HookPathBenchmark {
    @Param(Workspace.EXAMPLE_RULES)
    public String rules;

    /** Tried against every rule and matched by none (the loopback rule names 127.0.0.1, not localhost). */
    private final HttpRequest unmatched = HttpRequest.newBuilder(URI.create("http://localhost:8080/v1/ping")).build();
    private final HttpRequest matched = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/v1/ping")).build();
    private final HttpResponse<Void> ok = new OkResponse(matched);
    /** The body handler the advice now receives too (it wraps it to watch the body when the rule reads bodies). */
    private final HttpResponse.BodyHandler<Void> discard = HttpResponse.BodyHandlers.discarding();

    @Setup
    public void installEngine() throws Exception {
        RulesConfig config = new RulesSource(Map.of(RulesSource.PREFIX + RulesSource.RULES, rules), null).load();
        Hooks.install(new Engine(config, new LimiterPool(config.limiters())));
    }

    @Benchmark
    public Engine.Ticket noRuleMatches() throws Exception {
        Engine.Ticket ticket = SendAdvice.enter(unmatched, discard);
        SendAdvice.exit(ticket, ok);
        if (ticket != null) {
            throw new IllegalStateException("a rule matched " + unmatched.uri());
        }
        return ticket;
    }

    @Benchmark
    public Engine.Ticket ruleMatches() throws Exception {
        Engine.Ticket ticket = SendAdvice.enter(matched, discard);
        SendAdvice.exit(ticket, ok);
        if (ticket == null) {
            throw new IllegalStateException("no rule matched " + matched.uri() + " in " + rules);
        }
        return ticket;
    }

    /** A 200 with one ordinary header: what the exit advice reads. */
    private static final class OkResponse implements HttpResponse<Void> {
        private final HttpRequest request;
        private final HttpHeaders headers =
                HttpHeaders.of(Map.of("content-length", List.of("2")), (name, value) -> true);

        OkResponse(HttpRequest request) {
            this.request = request;
        }

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public Optional<HttpResponse<Void>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return headers;
        }

        @Override
        public Void body() {
            return null;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
