package org.dtablecluster.config;

/** What one dtable-cluster process does. */
public enum Role {
    /** Registers one dtable-server in etcd and follows its bucket assignment. */
    NODE,
    /** Routes internal requests to the owner of their base (port 5550). */
    PROXY,
    /** Takes part in the leader election and, as leader, assigns buckets. */
    MONITOR
}
