/**
 * {@code GET /metrics} on the admin port, in the Prometheus text format, through the official
 * Prometheus Java client. Almost every metric is a callback that reads, at scrape time, what the
 * roles already keep in memory (the proxy's counters, the view, the monitor's and the node
 * agent's status), so the request path only records what nothing else keeps: the latency and
 * status class of each proxied request ({@link ProxyRequests}). A scrape never asks etcd.
 *
 * <p>New metrics go through {@link ClusterMetrics}: one line per metric.
 */
package org.dtablecluster.metrics;
