package org.dtablecluster.node;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The agent's HTTP client for the health probe and the hook, on a small daemon pool of its own. */
final class NodeHttp implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;

    NodeHttp(String nodeId, Duration connectTimeout) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread t = new Thread(runnable, "dtable-cluster-node-http-" + nodeId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
