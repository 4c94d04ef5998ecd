package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import org.dtablecluster.monitor.Monitor;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.OperatorCommand;
import org.dtablecluster.monitor.OperatorResult;
import org.dtablecluster.monitor.RebalanceResult;
import org.dtablecluster.view.ClusterView;

/**
 * What the Monitor MBean reads and runs. The {@link Monitor} itself in a running process; tests
 * give a stand-in, so that the MBean is checked without an election.
 */
interface MonitorControl {

    MonitorStatus status();

    /** The etcd revision of the cluster view the monitor plans from. */
    long viewRevision();

    RebalanceResult rebalance();

    RebalanceResult dryRunRebalance();

    boolean refresh();

    /** Drain, undrain, pin or unpin ({@link Monitor#operate}). */
    OperatorResult operate(OperatorCommand command);

    static MonitorControl of(Monitor monitor, ClusterView view) {
        requireNonNull(monitor, "monitor is null");
        requireNonNull(view, "view is null");
        return new MonitorControl() {
            @Override
            public MonitorStatus status() {
                return monitor.status();
            }

            @Override
            public long viewRevision() {
                return view.current().revision();
            }

            @Override
            public RebalanceResult rebalance() {
                return monitor.rebalance();
            }

            @Override
            public RebalanceResult dryRunRebalance() {
                return monitor.dryRunRebalance();
            }

            @Override
            public boolean refresh() {
                return monitor.refresh();
            }

            @Override
            public OperatorResult operate(OperatorCommand command) {
                return monitor.operate(command);
            }
        };
    }
}
