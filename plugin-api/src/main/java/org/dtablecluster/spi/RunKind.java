package org.dtablecluster.spi;

/** Why the monitor asks a strategy for an assignment. */
public enum RunKind {
    /**
     * The periodic run, and the run after every membership change. Buckets whose current owner
     * is live keep it; only buckets with no live owner get one.
     */
    REPAIR,

    /**
     * An operator asked for a rebalance. Reach the strategy's notion of balance while moving as
     * few buckets as possible.
     */
    REBALANCE
}
