package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {

    @Test
    void countsPerNodeAndPerKindFromManyThreads() throws Exception {
        ProxyMetrics metrics = new ProxyMetrics();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    metrics.forwarded(i % 2 == 0 ? "dtable-server-01" : "dtable-server-02");
                    metrics.error(ProxyError.NO_OWNER);
                }
            });
        }
        pool.shutdown();
        assertEquals(true, pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(Map.of("dtable-server-01", 2000L, "dtable-server-02", 2000L), metrics.forwardedByNode());
        assertEquals(4000, metrics.forwardedTotal());
        assertEquals(2000, metrics.forwardedTo("dtable-server-02"));
        assertEquals(0, metrics.forwardedTo("dtable-server-03"));
        assertEquals(4000, metrics.errors(ProxyError.NO_OWNER));
        assertEquals(0, metrics.errors(ProxyError.OWNER_TIMEOUT));
    }

    @Test
    void everyErrorCodeIsReportedEvenAtZero() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.error(ProxyError.BAD_BASE_ID);
        Map<String, Long> byCode = metrics.errorsByCode();
        assertEquals(ProxyError.values().length, byCode.size());
        assertEquals(1L, byCode.get("bad_base_id"));
        assertEquals(0L, byCode.get("owner_refused"));
    }
}
