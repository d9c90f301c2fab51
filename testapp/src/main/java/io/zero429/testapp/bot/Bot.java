package io.zero429.testapp.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary trading bot, written the way such bots are, knowing nothing of zero429: several threads poll Upbit
 * quotations across many markets (JDK HttpClient), an order loop places and cancels Upbit orders (OkHttp), a KIS
 * price poller (Apache HttpClient 5), an AI-advice call to Gemini (HttpURLConnection) and a Binance depth collector
 * that creates a new OkHttp client on every iteration (the classic way a home-made limiter loses its state).
 * Every loop runs as fast as it can, with a short pause: far above what the APIs allow.
 *
 * <p>{@code java -cp zero429-testapp.jar io.zero429.testapp.bot.Bot [--port N] [--seconds S]}
 */
public final class Bot {
    private Bot() {
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        long seconds = Long.MAX_VALUE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.valueOf(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: Bot [--port N] [--seconds S]");
            }
        }
        Endpoints endpoints = new Endpoints(port);
        List<Worker> workers = new ArrayList<>();
        UpbitQuotes quotes = new UpbitQuotes(endpoints);
        try {
            System.out.println("markets: HTTP " + quotes.loadMarkets());
        } catch (java.io.IOException e) {
            System.out.println("markets: " + e);
        }
        for (int i = 0; i < 3; i++) {
            workers.add(quotes.tickerPoller(i));
        }
        workers.add(quotes.candlePoller());
        UpbitOrders orders = new UpbitOrders(endpoints);
        workers.add(orders);
        workers.add(orders.canceller());
        for (int i = 0; i < 2; i++) {
            workers.add(new KisPoller(endpoints, i));
        }
        workers.add(new GeminiAdvisor(endpoints));
        for (int i = 0; i < 2; i++) {
            workers.add(new BinanceCollector(endpoints, i));
        }
        List<Thread> threads = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(worker, worker.getClass().getSimpleName());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        if (seconds == Long.MAX_VALUE) {
            Thread.currentThread().join();
        }
        TimeUnit.SECONDS.sleep(seconds);
        for (Worker worker : workers) {
            worker.stop();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
        for (Worker worker : workers) {
            System.out.println(worker.report());
        }
        System.exit(0);
    }
}
