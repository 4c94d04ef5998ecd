package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.view.Handoff;

/**
 * The Monitor MBean. Each attribute reads a fresh {@code status()}: the monitor makes it cheaply
 * from memory (only a follower's leader id costs an etcd read), and a fresh value never lies.
 */
final class MonitorBean implements MonitorMXBean {

    private final MonitorControl monitor;

    MonitorBean(MonitorControl monitor) {
        this.monitor = requireNonNull(monitor, "monitor is null");
    }

    @Override
    public boolean isLeader() {
        return monitor.status().leader();
    }

    @Override
    public String getLeaderId() {
        return monitor.status().leaderId().orElse(null);
    }

    @Override
    public String getInstanceId() {
        return monitor.status().instanceId();
    }

    @Override
    public String getStrategy() {
        return monitor.status().strategy();
    }

    @Override
    public boolean isInSync() {
        return monitor.status().inSync();
    }

    @Override
    public String getGraceUntil() {
        return monitor.status().graceUntil().map(Instant::toString).orElse(null);
    }

    @Override
    public String getLastRunTime() {
        return lastRun(r -> r.startedAt().toString());
    }

    @Override
    public String getLastRunKind() {
        return lastRun(r -> r.kind().name());
    }

    @Override
    public String getLastRunTrigger() {
        return lastRun(RunRecord::trigger);
    }

    @Override
    public int getLastRunMoves() {
        return monitor.status().lastRun().map(r -> r.moves().size()).orElse(0);
    }

    @Override
    public String getLastRunError() {
        return lastRun(r -> r.error().orElse(null));
    }

    @Override
    public long getLastRunRevision() {
        return monitor.status().lastRun().map(RunRecord::revision).orElse(0L);
    }

    @Override
    public long getAssignmentRevision() {
        return monitor.viewRevision();
    }

    @Override
    public Map<String, Integer> getBucketsPerNode() {
        return monitor.status().bucketsPerNode();
    }

    @Override
    public int getUnownedBuckets() {
        return monitor.status().unownedBuckets();
    }

    @Override
    public long getRuns() {
        return monitor.status().runs();
    }

    @Override
    public long getTransactions() {
        return monitor.status().transactions();
    }

    @Override
    public List<String> getHandoffs() {
        return monitor.status().handoffs().open().stream().map(o -> line(o.handoff()) + " since=" + o.since()
                + " released=" + o.released() + " accepted=" + o.accepted()).toList();
    }

    @Override
    public int getHandoffsPending() {
        return monitor.status().handoffs().pending();
    }

    @Override
    public long getHandoffsStarted() {
        return monitor.status().handoffs().started();
    }

    @Override
    public long getHandoffsCompleted() {
        return monitor.status().handoffs().completed();
    }

    @Override
    public long getHandoffsCancelled() {
        return monitor.status().handoffs().cancelled();
    }

    @Override
    public List<String> getRecentCancelledHandoffs() {
        return monitor.status().handoffs().recentCancels().stream()
                .map(c -> line(c.handoff()) + " at=" + c.at() + " reason=" + c.reason()).toList();
    }

    private static String line(Handoff h) {
        return h.hex() + " " + h.from() + "->" + h.to() + " term=" + h.term();
    }

    @Override
    public String rebalance() {
        return RebalanceJson.of(monitor.rebalance());
    }

    @Override
    public String dryRunRebalance() {
        return RebalanceJson.of(monitor.dryRunRebalance());
    }

    @Override
    public boolean refresh() {
        return monitor.refresh();
    }

    @Override
    public String drain(String nodeId) {
        return MonitorOperations.drain(monitor, nodeId);
    }

    @Override
    public String undrain(String nodeId) {
        return MonitorOperations.undrain(monitor, nodeId);
    }

    @Override
    public String pin(String bucketHex, String nodeId) {
        return MonitorOperations.pin(monitor, bucketHex, nodeId);
    }

    @Override
    public String unpin(String bucketHex) {
        return MonitorOperations.unpin(monitor, bucketHex);
    }

    private String lastRun(Function<RunRecord, String> field) {
        Optional<RunRecord> last = monitor.status().lastRun();
        return last.map(field).orElse(null);
    }
}
