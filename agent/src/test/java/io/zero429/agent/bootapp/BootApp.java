package io.zero429.agent.bootapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * A Spring application as {@code SpringBootJarIT} packs it into an executable jar: its clients nested in
 * {@code BOOT-INF/lib}, loaded by Spring Boot's launcher class loader. It sends a burst through Spring's
 * {@code RestClient} with its defaults (Apache HttpClient 5, the first client it finds on the class path), then one
 * through {@code WebClient} with its defaults (Reactor Netty), and prints each burst's statuses.
 *
 * <p>Arguments: the URL, the requests per burst.
 */
public final class BootApp {
    private BootApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int requests = Integer.parseInt(args[1]);
        System.out.println("loader " + RestClient.class.getClassLoader().getClass().getName());

        RestClient rest = RestClient.create();
        Map<String, Integer> restStatuses = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(CompletableFuture.runAsync(() -> count(restStatuses, restStatus(rest, url)), threads));
        }
        calls.forEach(CompletableFuture::join);
        threads.shutdown();
        System.out.println("rest statuses " + new TreeMap<>(restStatuses));

        WebClient web = WebClient.create();
        Map<String, Integer> webStatuses = new ConcurrentHashMap<>();
        List<CompletableFuture<String>> exchanges = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            exchanges.add(web.get().uri(url).retrieve().toBodilessEntity()
                    .map(entity -> String.valueOf(entity.getStatusCode().value()))
                    .onErrorResume(WebClientResponseException.class,
                            e -> reactor.core.publisher.Mono.just(String.valueOf(e.getStatusCode().value())))
                    .toFuture());
        }
        for (CompletableFuture<String> exchange : exchanges) {
            try {
                count(webStatuses, exchange.get(2, TimeUnit.MINUTES));
            } catch (Exception e) {
                count(webStatuses, e.getClass().getSimpleName());
            }
        }
        System.out.println("web statuses " + new TreeMap<>(webStatuses));
        System.exit(0);
    }

    private static String restStatus(RestClient rest, String url) {
        try {
            return String.valueOf(rest.get().uri(url).retrieve().toBodilessEntity().getStatusCode().value());
        } catch (RestClientResponseException e) {
            return String.valueOf(e.getStatusCode().value());
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void count(Map<String, Integer> statuses, String status) {
        statuses.merge(status, 1, Integer::sum);
    }
}
