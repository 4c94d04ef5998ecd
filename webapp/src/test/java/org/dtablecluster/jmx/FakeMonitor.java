package org.dtablecluster.jmx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.RebalanceResult;
import org.dtablecluster.monitor.RunRecord;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;

/** A monitor a test sets by hand, counting the operations called on it. */
final class FakeMonitor implements MonitorControl {

    static final Instant STARTED = Instant.parse("2026-11-23T10:15:30Z");
    static final List<Move> MOVES = List.of(new Move(0x0f, "dtable-server-01", "dtable-server-03"),
            new Move(0x8b, "dtable-server-02", "dtable-server-03"));

    volatile MonitorStatus status = status(true, Optional.of(run(Optional.empty())));
    volatile long viewRevision = 4711;
    final AtomicInteger rebalances = new AtomicInteger();
    final AtomicInteger dryRuns = new AtomicInteger();
    final AtomicInteger refreshes = new AtomicInteger();

    static RunRecord run(Optional<String> error) {
        return new RunRecord(STARTED, RunKind.REBALANCE, "rebalance", 4700, MOVES, error, 4705, 1, 0,
                Duration.ofMillis(12));
    }

    static MonitorStatus status(boolean leader, Optional<RunRecord> lastRun) {
        return new MonitorStatus("proxy-01:4711", leader, Optional.of(leader ? "proxy-01:4711" : "proxy-02:99"),
                "sticky-balanced", true, Optional.empty(), lastRun,
                Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85), 0, 7, 3);
    }

    @Override
    public MonitorStatus status() {
        return status;
    }

    @Override
    public long viewRevision() {
        return viewRevision;
    }

    @Override
    public RebalanceResult rebalance() {
        rebalances.incrementAndGet();
        return new RebalanceResult(RebalanceResult.Outcome.APPLIED, MOVES,
                Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85),
                Optional.of("proxy-01:4711"), Optional.empty(), 4705);
    }

    @Override
    public RebalanceResult dryRunRebalance() {
        dryRuns.incrementAndGet();
        return new RebalanceResult(RebalanceResult.Outcome.PLANNED, MOVES,
                Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85),
                Optional.of("proxy-01:4711"), Optional.empty(), 0);
    }

    @Override
    public boolean refresh() {
        refreshes.incrementAndGet();
        return status.leader();
    }

    /** The commands operate() was given. */
    final java.util.List<org.dtablecluster.monitor.OperatorCommand> commands =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public org.dtablecluster.monitor.OperatorResult operate(org.dtablecluster.monitor.OperatorCommand command) {
        commands.add(command);
        return org.dtablecluster.monitor.OperatorResult.done(command, true, rebalance());
    }
}
