import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import com.sun.net.httpserver.HttpServer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that bundles its own Byte Buddy, slf4j and logback (ForeignLibrariesIT runs it with the agent).
 * It prints what it sees of its libraries, then times 12 requests through a 10/s burst 10 rule, first with
 * HttpURLConnection, then (when args[0] names a directory of client jars) with a client loaded by a child
 * URLClassLoader: args[1] is a class in that directory implementing IntUnaryOperator (port -> milliseconds).
 */
public class ForeignApp {
    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger("foreign-app");
        log.info("logging through {}", LoggerFactory.getILoggerFactory().getClass().getName());
        Object made = new ByteBuddy().subclass(Object.class).method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("made by the application's Byte Buddy")).make()
                .load(ForeignApp.class.getClassLoader()).getLoaded().getDeclaredConstructor().newInstance();
        System.out.println(made);
        System.out.println("byte-buddy from " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", e -> { e.sendResponseHeaders(200, -1); e.close(); });
        server.start();
        int port = server.getAddress().getPort();
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            HttpURLConnection c = (HttpURLConnection) java.net.URI.create("http://127.0.0.1:" + port + "/huc/" + i).toURL().openConnection();
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException("status " + c.getResponseCode());
            }
            c.getInputStream().close();
        }
        System.out.println("huc millis " + (System.nanoTime() - start) / 1_000_000);
        if (args.length == 2) {
            List<URL> urls = new ArrayList<>();
            try (Stream<Path> jars = Files.list(Paths.get(args[0]))) {
                for (Path jar : (Iterable<Path>) jars::iterator) {
                    urls.add(jar.toUri().toURL());
                }
            }
            urls.add(Paths.get(args[0]).toUri().toURL());
            try (URLClassLoader child = new URLClassLoader(urls.toArray(new URL[0]), ForeignApp.class.getClassLoader())) {
                IntUnaryOperator calls = (IntUnaryOperator) child.loadClass(args[1]).getDeclaredConstructor().newInstance();
                System.out.println("child loader " + calls.getClass().getClassLoader().getClass().getSimpleName()
                        + " millis " + calls.applyAsInt(port));
            }
        }
        server.stop(0);
        log.info("done");
    }
}
