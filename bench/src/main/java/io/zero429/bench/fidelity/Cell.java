package io.zero429.bench.fidelity;

import java.util.List;

/**
 * One cell of the fidelity matrix: a client family against one server limit, plain or through the delaying proxy
 * (then over HTTPS). {@code rules} is what a user writes for that limit: the documented figures, plainly.
 */
record Cell(String family, Kind kind, boolean proxied, int requests, int threads) {

    /** The server limits the matrix covers, with the rules a user writes for each. */
    enum Kind {
        BUCKET("bucket 10/s burst 10", "/api/x", "limiter.api.limits = 10/s burst 10\n", 150) {
            @Override
            List<ExactLimit> limits() {
                return List.of(new ExactLimit.Bucket(10, SECOND, 10));
            }
        },
        WINDOW("window 20 in 1 s", "/api/x", "limiter.api.limits = 20/s\nlimiter.api.mode = window\n", 300) {
            @Override
            List<ExactLimit> limits() {
                return List.of(new ExactLimit.Window(20, SECOND));
            }
        },
        WEIGHT_1("weight 600/10 s, cost 1", "/api/x",
                "limiter.api.limits = 600/10s\nlimiter.api.mode = window\n", 900) {
            @Override
            List<ExactLimit> limits() {
                return List.of(new ExactLimit.Window(600, 10 * SECOND));
            }
        },
        WEIGHT_5("weight 600/10 s, cost 5", "/w5/x",
                "limiter.api.limits = 600/10s\nlimiter.api.mode = window\n", 300) {
            @Override
            List<ExactLimit> limits() {
                return List.of(new ExactLimit.Window(600, 10 * SECOND));
            }

            @Override
            String rule() {
                return "rule.api.match = 127.0.0.1/w5/**\nrule.api.limiter = api:5\n";
            }
        },
        TWO_WINDOWS("windows 5/2 s + 30/60 s", "/api/x",
                "limiter.api.limits = 5/2s, 30/m\nlimiter.api.mode = window\nlimiter.api.max-wait = 2m\n", 40) {
            @Override
            List<ExactLimit> limits() {
                return List.of(new ExactLimit.Window(5, 2 * SECOND), new ExactLimit.Window(30, 60 * SECOND));
            }
        };

        static final long SECOND = 1_000_000_000L;
        final String label;
        final String path;
        final String limiter;
        final int requests;

        Kind(String label, String path, String limiter, int requests) {
            this.label = label;
            this.path = path;
            this.limiter = limiter;
            this.requests = requests;
        }

        /** Fresh server limits for one cell. */
        abstract List<ExactLimit> limits();

        String rule() {
            return "rule.api.match = 127.0.0.1/api/**\nrule.api.limiter = api\n";
        }

        String rules() {
            return "# Written by the fidelity matrix: the server's documented limit, plainly.\n" + limiter + rule();
        }
    }

    String label() {
        return family + " · " + kind.label + (proxied ? " · proxy+TLS" : "");
    }

    /**
     * The bot's client: {@code okhttp3} and {@code okhttp5} (and their {@code -enqueue}) are the bot's OkHttp code run
     * with another OkHttp's jars ahead of the testapp's OkHttp 4 on the class path, as the agent's ITs do;
     * {@code jetty9} and {@code jetty11} the bot's {@code jetty9} client with that Jetty's jars ahead of a copy of the
     * testapp jar without its Jetty 12.
     */
    String botClient() {
        if (jettyMajor() != null) {
            return "jetty9";
        }
        return okHttpMajor() == null ? family : family.replaceFirst("^okhttp[35]", "okhttp");
    }

    /**
     * {@code "9"} or {@code "11"} for the families that put Jetty 9.4 or 11 ahead of the testapp's Jetty 12 (the bot's
     * {@code jetty9} client), otherwise null.
     */
    String jettyMajor() {
        return family.matches("jetty(9|11)") ? family.substring(5) : null;
    }

    /** {@code "3"} or {@code "5"} for the families that swap OkHttp in, otherwise null. */
    String okHttpMajor() {
        return family.matches("okhttp[35](-enqueue)?") ? family.substring(6, 7) : null;
    }
}
