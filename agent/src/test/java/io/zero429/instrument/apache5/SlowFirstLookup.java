package io.zero429.instrument.apache5;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** Resolves like the system, but its first lookup takes 300 ms more: a first connection that opens late. */
final class SlowFirstLookup extends SystemDefaultDnsResolver {
    private final AtomicBoolean first = new AtomicBoolean(true);

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (first.getAndSet(false)) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return super.resolve(host);
    }
}
