package io.zero429.testapp.drive;

import java.util.ArrayList;
import java.util.List;

/** The Pacer's command line. */
record PacerOptions(String url, String client, double rate, double seconds, int threads, String method,
        List<String[]> headers, String body) {

    static PacerOptions parse(String[] args) {
        String url = null;
        String client = "jdk";
        double rate = 1;
        double seconds = 10;
        int threads = 1;
        String method = "GET";
        List<String[]> headers = new ArrayList<>();
        String body = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = value;
                case "--client" -> client = value;
                case "--rate" -> rate = Double.parseDouble(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--method" -> method = value;
                case "--header" -> {
                    int colon = value.indexOf(':');
                    headers.add(new String[] {value.substring(0, colon).trim(), value.substring(colon + 1).trim()});
                }
                case "--body" -> body = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || rate <= 0 || threads < 1 || seconds <= 0) {
            throw new IllegalArgumentException("usage: Pacer --url URL [--client jdk|urlconnection|okhttp|apache5] "
                    + "[--rate R] [--seconds S] [--threads K] [--method M] [--header Name:value]... [--body TEXT]");
        }
        return new PacerOptions(url, client, rate, seconds, threads, method, List.copyOf(headers), body);
    }
}
