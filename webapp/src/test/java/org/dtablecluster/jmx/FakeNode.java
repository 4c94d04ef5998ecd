package org.dtablecluster.jmx;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtablecluster.node.HandoffStatus;
import org.dtablecluster.node.HealthState;
import org.dtablecluster.node.NodeAgent;
import org.dtablecluster.node.NodeStatus;

/** A node agent a test sets by hand: leave() and rejoin() flip its status as the real one does. */
final class FakeNode implements NodeControl {

    static final Instant KEEP_ALIVE = Instant.parse("2026-11-23T10:16:00Z");

    volatile NodeStatus status = status(true);
    final AtomicInteger leaves = new AtomicInteger();
    final AtomicInteger rejoins = new AtomicInteger();

    static NodeStatus status(boolean claiming) {
        long lease = claiming ? 0x694d7a2cL : 0;
        return new NodeStatus("dtable-server-01", "host-a/4242/x1y2", NodeAgent.State.STARTED, claiming, lease,
                claiming ? 2 : 1, claiming, KEEP_ALIVE, HealthState.HEALTHY, 0,
                claiming ? List.of(0, 1, 2, 3, 0x80) : List.of(), 99, claiming ? null : "left on request",
                claiming ? null : KEEP_ALIVE.plusSeconds(5),
                new HandoffStatus(true, !claiming, KEEP_ALIVE.plusSeconds(30), claiming ? 5 : 0, 3, 2));
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    @Override
    public void leave() {
        leaves.incrementAndGet();
        status = status(false);
    }

    @Override
    public void rejoin() {
        rejoins.incrementAndGet();
        status = status(true);
    }
}
