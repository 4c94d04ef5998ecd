package org.dtablecluster.simulator.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events of a chaos run (OWNERSHIP.md, "How it is proven"). Each acts on the node owning the
 * most buckets when it starts; a rebalance follows each event that leaves one node with
 * everything, so the next one has something to move. A node joining needs a spare node, the
 * monitor leader's death a second proxy, and an agent cut off from etcd the etcd relays of the
 * local cluster; without them those events are left out.
 */
final class ChaosEvents {

    /** What the cluster offers beyond two nodes and a proxy. */
    record Stage(String spareNode, boolean twoProxies, boolean etcdRelays) {
    }

    private static final Duration MOVES_MAX = Duration.ofSeconds(120);

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

    static List<Event> full(int ttlSeconds, Stage stage) {
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
                }), rebalance()));
        if (stage.spareNode() != null) {
            events.add(nodeJoining(stage.spareNode()));
        }
        events.add(drain());
        events.add(pin());
        if (stage.twoProxies()) {
            events.add(leaderKilledDuringDrain());
        }
        if (stage.etcdRelays()) {
            events.add(new Event("agent cut off from etcd past its TTL, server reachable", (c, n) -> {
                c.run("signal", "relay-" + n, "STOP");
                Thread.sleep(1_500L * ttlSeconds);
                c.run("signal", "relay-" + n, "CONT");
            }));
            events.add(rebalance());
        }
        return events;
    }

    private static Event nodeJoining(String joiner) {
        return new Event("node joining (+ rebalance)", (c, n) -> {
            c.run("start-process", "sim-" + joiner);
            c.run("start-process", "node-" + joiner);
            long deadline = System.nanoTime() + MOVES_MAX.toNanos();
            while (!c.registered().contains(joiner) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            say("POST /rebalance/ -> " + c.admin().rebalance());
            report(joiner + " owns buckets", c.awaitBuckets(joiner, b -> b > 0, MOVES_MAX));
        });
    }

    private static Event drain() {
        return new Event("drain + undrain", (c, n) -> {
            say("POST /nodes/" + n + "/drain -> " + c.admin().drain(n));
            report(n + " owns no bucket", c.awaitBuckets(n, b -> b == 0, MOVES_MAX));
            say("POST /nodes/" + n + "/undrain -> " + c.admin().undrain(n));
            report(n + " owns buckets again", c.awaitBuckets(n, b -> b > 0, MOVES_MAX));
        });
    }

    /** Pins 8 of the busiest node's buckets to the least busy one, rebalances, lifts the pins. */
    private static Event pin() {
        return new Event("pin 8 buckets + rebalance + unpin", (c, n) -> {
            Map<Integer, String> owners = c.admin().assignment();
            String to = c.split().entrySet().stream().filter(e -> !e.getKey().equals(n))
                    .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            List<Integer> buckets = owners.entrySet().stream().filter(e -> e.getValue().equals(n))
                    .map(Map.Entry::getKey).limit(8).toList();
            if (to == null || buckets.isEmpty()) {
                say("nothing to pin (owners " + c.split() + ")");
                return;
            }
            for (int b : buckets) {
                say(String.format("PUT /buckets/%02x/pin %s -> %s", b, to, c.admin().pin(b, to)));
            }
            report("the pinned buckets are on " + to, awaitOwners(c, buckets, to));
            say("POST /rebalance/ -> " + c.admin().rebalance());
            report("the pinned buckets stay on " + to, awaitOwners(c, buckets, to));
            for (int b : buckets) {
                c.admin().unpin(b);
            }
            say("unpinned; POST /rebalance/ -> " + c.admin().rebalance());
        });
    }

    /** Kills the leading monitor's process while a drain's handoffs run; the next leader finishes them. */
    private static Event leaderKilledDuringDrain() {
        return new Event("monitor leader SIGKILL during a drain, restart", (c, n) -> {
            String leader = c.leader();
            say("leader " + leader + "; POST /nodes/" + n + "/drain -> " + c.admin().drain(n));
            Thread.sleep(200);
            c.run("signal", leader, "KILL");
            Thread.sleep(2_000);
            c.run("start-process", leader);
            boolean drained = c.awaitBuckets(n, b -> b == 0, MOVES_MAX);
            report(n + " owns no bucket (leader now " + c.leader() + ")", drained);
            say("POST /nodes/" + n + "/undrain -> " + c.admin().undrain(n));
            report(n + " owns buckets again", c.awaitBuckets(n, b -> b > 0, MOVES_MAX));
        });
    }

    private static boolean awaitOwners(ClusterControl c, List<Integer> buckets, String owner) throws InterruptedException {
        long deadline = System.nanoTime() + MOVES_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, String> owners = c.admin().assignment();
            if (buckets.stream().allMatch(b -> owner.equals(owners.get(b)))) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static void say(String line) {
        System.out.println("  " + line);
    }

    private static void report(String what, boolean done) {
        say(done ? what : "NOT within " + MOVES_MAX.toSeconds() + " s: " + what);
    }

    private static Event steady() {
        return new Event("steady (no event)", (c, n) -> Thread.sleep(5_000));
    }

    private static Event rebalance() {
        return new Event("rebalance", (c, n) -> say("POST /rebalance/ -> " + c.admin().rebalance()));
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
