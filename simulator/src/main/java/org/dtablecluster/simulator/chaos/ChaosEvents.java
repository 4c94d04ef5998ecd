package org.dtablecluster.simulator.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of a chaos run (OWNERSHIP.md, "How it is proven"), as far as the local cluster can
 * stage them. Each acts on the node owning the most buckets when it starts; a rebalance follows
 * each event that leaves one node with everything, so the next one has something to move.
 */
final class ChaosEvents {

    /** One event: its name, and the steps that stage it. */
    record Event(String name, Steps steps) {
    }

    @FunctionalInterface
    interface Steps {
        void run(ClusterControl cluster, String node) throws InterruptedException;
    }

    private ChaosEvents() {
    }

    static List<Event> quick(int ttlSeconds) {
        return List.of(steady(), gracefulAgentStop(), rebalance(), agentKill(), rebalance(), agentPause(ttlSeconds));
    }

    static List<Event> full(int ttlSeconds) {
        List<Event> events = new ArrayList<>(List.of(steady(), gracefulAgentStop(), rebalance(),
                new Event("agent restart", (c, n) -> c.run("restart-process", "node-" + n)), rebalance(),
                agentKill(), rebalance(), agentPause(ttlSeconds), rebalance(),
                new Event("dtable-server SIGKILL + restart", (c, n) -> {
                    c.run("signal", "sim-" + n, "KILL");
                    Thread.sleep(6_000);
                    c.run("start-process", "sim-" + n);
                }), rebalance(),
                new Event("dtable-server SIGSTOP past health timeout, SIGCONT", (c, n) -> {
                    c.run("signal", "sim-" + n, "STOP");
                    Thread.sleep(9_000);
                    c.run("signal", "sim-" + n, "CONT");
                }), rebalance(),
                new Event("one etcd member SIGKILL + restart", (c, n) -> {
                    c.run("signal", "etcd-1", "KILL");
                    Thread.sleep(5_000);
                    c.run("start-process", "etcd-1");
                }),
                new Event("all etcd members down 2xTTL, back", (c, n) -> {
                    for (String e : List.of("etcd-1", "etcd-2", "etcd-3")) {
                        c.run("signal", e, "KILL");
                    }
                    Thread.sleep(2_000L * ttlSeconds);
                    for (String e : List.of("etcd-1", "etcd-2", "etcd-3")) {
                        c.run("start-process", e);
                    }
                })));
        return events;
    }

    private static Event steady() {
        return new Event("steady (no event)", (c, n) -> Thread.sleep(5_000));
    }

    private static Event rebalance() {
        return new Event("rebalance", (c, n) -> System.out.println("  POST /rebalance/ -> " + c.rebalance()));
    }

    private static Event gracefulAgentStop() {
        return new Event("graceful agent stop + start", (c, n) -> {
            c.run("stop-process", "node-" + n);
            Thread.sleep(3_000);
            c.run("start-process", "node-" + n);
        });
    }

    private static Event agentKill() {
        return new Event("agent SIGKILL + start", (c, n) -> {
            c.run("signal", "node-" + n, "KILL");
            Thread.sleep(1_000);
            c.run("start-process", "node-" + n);
        });
    }

    private static Event agentPause(int ttlSeconds) {
        return new Event("agent SIGSTOP past TTL, SIGCONT", (c, n) -> {
            c.run("signal", "node-" + n, "STOP");
            Thread.sleep(1_500L * ttlSeconds);
            c.run("signal", "node-" + n, "CONT");
        });
    }
}
