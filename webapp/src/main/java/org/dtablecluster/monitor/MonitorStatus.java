package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The monitor as an operator sees it.
 *
 * @param instanceId this monitor's id in the election, such as {@code proxy-01:4711}
 * @param leader whether this instance leads
 * @param leaderId the leading instance's id, when known
 * @param strategy the configured strategy's name
 * @param inSync whether the view follows etcd (runs pause while it does not)
 * @param graceUntil when the re-registration grace ends, while it runs
 * @param lastRun the latest run of this instance, if any
 * @param bucketsPerNode owned buckets per node id as etcd has them (owners may not be live)
 * @param unownedBuckets buckets with no {@code assign-xx} key
 * @param runs runs this instance made since it started
 * @param transactions transactions this instance wrote since it started
 * @param handoffs the buckets in handoff, and what this instance's handoffs came to
 */
public record MonitorStatus(
        String instanceId,
        boolean leader,
        Optional<String> leaderId,
        String strategy,
        boolean inSync,
        Optional<Instant> graceUntil,
        Optional<RunRecord> lastRun,
        Map<String, Integer> bucketsPerNode,
        int unownedBuckets,
        long runs,
        long transactions,
        HandoffStatus handoffs) {

    public MonitorStatus {
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(leaderId, "leaderId is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(graceUntil, "graceUntil is null");
        requireNonNull(lastRun, "lastRun is null");
        bucketsPerNode = Collections.unmodifiableSortedMap(
                new TreeMap<>(requireNonNull(bucketsPerNode, "bucketsPerNode is null")));
        requireNonNull(handoffs, "handoffs is null");
    }

    /** Without handoffs: {@link HandoffStatus#none()}. */
    public MonitorStatus(String instanceId, boolean leader, Optional<String> leaderId, String strategy, boolean inSync,
            Optional<Instant> graceUntil, Optional<RunRecord> lastRun, Map<String, Integer> bucketsPerNode,
            int unownedBuckets, long runs, long transactions) {
        this(instanceId, leader, leaderId, strategy, inSync, graceUntil, lastRun, bucketsPerNode, unownedBuckets, runs,
                transactions, HandoffStatus.none());
    }
}
