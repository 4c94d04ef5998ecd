package org.dtablecluster.node;

/** What the health probe last concluded about the dtable-server. */
public enum HealthState {
    /** No probe has answered yet. */
    UNKNOWN,
    /** The last probe got a 2xx. */
    HEALTHY,
    /** Some probes in a row failed, fewer than {@code health_check_failures}: still registered. */
    FAILING,
    /** {@code health_check_failures} probes in a row failed: the node does not claim its buckets. */
    UNHEALTHY
}
