package org.dtablecluster.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one dtable-cluster process: a registry of its own (not the client's static
 * default, so a redeployed WAR and tests in one JVM never collide) and a one-line way to add a
 * metric. Names start with {@value #PREFIX} and carry their unit; labels are low-cardinality
 * (node ids, error codes, status classes), never paths or bases.
 *
 * <p>Callbacks run on the scraping thread and must be cheap and non-blocking; one that throws is
 * logged and contributes no sample, so one broken source never breaks the whole scrape.
 */
public final class ClusterMetrics {

    public static final String PREFIX = "dtable_cluster_";

    /** Classic buckets for request latencies from 0.5 ms to 30 s, in seconds. */
    public static final double[] LATENCY_BUCKETS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMetrics.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();

    public PrometheusRegistry registry() {
        return registry;
    }

    /** A gauge read at each scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        registry.register(GaugeWithCallback.builder().name(checked(name)).help(help)
                .callback(cb -> safely(name, () -> cb.call(value.getAsDouble()))).build());
    }

    /** A gauge with one label, one sample per entry of the map read at each scrape. */
    public void gauge(String name, String help, String label, Supplier<? extends Map<String, ? extends Number>> values) {
        registry.register(GaugeWithCallback.builder().name(checked(name)).help(help).labelNames(label)
                .callback(cb -> each(name, values, (key, v) -> cb.call(v, key))).build());
    }

    /** A counter read at each scrape from a count kept elsewhere; {@code name} ends in {@code _total}. */
    public void counter(String name, String help, DoubleSupplier value) {
        registry.register(CounterWithCallback.builder().name(checkedCounter(name)).help(help)
                .callback(cb -> safely(name, () -> cb.call(value.getAsDouble()))).build());
    }

    /** A counter with one label, one sample per entry of the map read at each scrape. */
    public void counter(String name, String help, String label, Supplier<? extends Map<String, ? extends Number>> values) {
        registry.register(CounterWithCallback.builder().name(checkedCounter(name)).help(help).labelNames(label)
                .callback(cb -> each(name, values, (key, v) -> cb.call(v, key))).build());
    }

    /** A counter this process increments itself (on a hot path: keep the labels few). */
    public Counter countedCounter(String name, String help, String... labels) {
        Counter counter = Counter.builder().name(checkedCounter(name)).help(help).labelNames(labels).build();
        registry.register(counter);
        return counter;
    }

    /** A histogram of durations in seconds, with classic buckets {@code bounds} only. */
    public Histogram durationHistogram(String name, String help, double[] bounds, String... labels) {
        if (!name.endsWith("_seconds")) {
            throw new IllegalArgumentException(name + ": a duration histogram's name ends in _seconds");
        }
        Histogram histogram = Histogram.builder().name(checked(name)).help(help).unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(bounds).labelNames(labels).build();
        registry.register(histogram);
        return histogram;
    }

    /**
     * Every value of an enum, lower case, as a label value: 1 for {@code current}, 0 for the others,
     * so that no series ever disappears and {@code == 1} selects the current state.
     */
    static <E extends Enum<E>> Map<String, Integer> oneHot(E[] all, E current) {
        Map<String, Integer> states = new LinkedHashMap<>();
        for (E e : all) {
            states.put(e.name().toLowerCase(Locale.ROOT), e == current ? 1 : 0);
        }
        return states;
    }

    private static void each(String name, Supplier<? extends Map<String, ? extends Number>> values,
            BiConsumer<String, Double> sample) {
        safely(name, () -> values.get().forEach((key, v) -> sample.accept(key, v.doubleValue())));
    }

    private static void safely(String name, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            LOG.warn("[metrics] {} could not be read; left out of this scrape: {}", name, e.toString());
        }
    }

    private static String checkedCounter(String name) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException(name + ": a counter's name ends in _total");
        }
        return checked(name);
    }

    private static String checked(String name) {
        requireNonNull(name, "name is null");
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException(name + ": dtable-cluster's metric names start with " + PREFIX);
        }
        return name;
    }
}
