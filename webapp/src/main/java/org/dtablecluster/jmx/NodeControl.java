package org.dtablecluster.jmx;

import static java.util.Objects.requireNonNull;

import org.dtablecluster.node.NodeAgent;
import org.dtablecluster.node.NodeStatus;

/**
 * What the Node MBean reads and runs. The {@link NodeAgent} itself in a running process; tests
 * give a stand-in, so that the MBean is checked without etcd.
 */
interface NodeControl {

    NodeStatus status();

    void leave();

    void rejoin();

    static NodeControl of(NodeAgent agent) {
        requireNonNull(agent, "agent is null");
        return new NodeControl() {
            @Override
            public NodeStatus status() {
                return agent.status();
            }

            @Override
            public void leave() {
                agent.leave();
            }

            @Override
            public void rejoin() {
                agent.rejoin();
            }
        };
    }
}
