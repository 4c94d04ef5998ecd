package org.dtablecluster.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.dtablecluster.monitor.HandoffStatus;
import org.dtablecluster.monitor.MonitorStatus;
import org.dtablecluster.monitor.OperatorCommand;
import org.dtablecluster.view.Handoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Monitor MBean as a JMX client sees it on the platform MBeanServer. */
class MonitorBeanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name = ObjectNames.monitor();
    private final FakeMonitor monitor = new FakeMonitor();
    private ManagementBeans beans;

    @BeforeEach
    void register() {
        beans = ManagementBeans.register(server,
                Map.of(name, new DescribedMXBean<>(new MonitorBean(monitor), MonitorMXBean.class)));
    }

    @AfterEach
    void unregister() {
        beans.close();
    }

    @Test
    void attributesShowTheStatusAndLastRun() throws Exception {
        assertEquals("org.dtablecluster:type=Monitor", name.toString());
        assertEquals(true, server.getAttribute(name, "Leader"));
        assertEquals("proxy-01:4711", server.getAttribute(name, "LeaderId"));
        assertEquals("proxy-01:4711", server.getAttribute(name, "InstanceId"));
        assertEquals("sticky-balanced", server.getAttribute(name, "Strategy"));
        assertEquals(true, server.getAttribute(name, "InSync"));
        assertNull(server.getAttribute(name, "GraceUntil"));
        assertEquals("2026-11-23T10:15:30Z", server.getAttribute(name, "LastRunTime"));
        assertEquals("REBALANCE", server.getAttribute(name, "LastRunKind"));
        assertEquals("rebalance", server.getAttribute(name, "LastRunTrigger"));
        assertEquals(2, server.getAttribute(name, "LastRunMoves"));
        assertNull(server.getAttribute(name, "LastRunError"));
        assertEquals(4705L, server.getAttribute(name, "LastRunRevision"));
        assertEquals(4711L, server.getAttribute(name, "AssignmentRevision"));
        assertEquals(Map.of("dtable-server-01", 86, "dtable-server-02", 85, "dtable-server-03", 85),
                table((TabularData) server.getAttribute(name, "BucketsPerNode")));
        assertEquals(0, server.getAttribute(name, "UnownedBuckets"));
        assertEquals(7L, server.getAttribute(name, "Runs"));
        assertEquals(3L, server.getAttribute(name, "Transactions"));
    }

    @Test
    void handoffsShowOneLineEachWithTheirCounts() throws Exception {
        assertEquals(0, ((String[]) server.getAttribute(name, "Handoffs")).length);
        Handoff open = new Handoff(0x3f, "dtable-server-01", "dtable-server-03", 12, 1_764_763_200_000L, 4700);
        MonitorStatus s = FakeMonitor.status(true, Optional.empty());
        monitor.status = new MonitorStatus(s.instanceId(), true, s.leaderId(), s.strategy(), true, Optional.empty(),
                Optional.empty(), s.bucketsPerNode(), 0, 7, 3, new HandoffStatus(
                        List.of(new HandoffStatus.Open(open, true, false)), 5, 16, 14, 1,
                        List.of(new HandoffStatus.Cancelled(open, "dtable-server-01 did not release within 30 s",
                                FakeMonitor.STARTED)), 16, Duration.ofSeconds(30)));
        assertArrayEquals(new String[] {"3f dtable-server-01->dtable-server-03 term=12 since=2025-12-03T12:00:00Z"
                + " released=true accepted=false"}, (String[]) server.getAttribute(name, "Handoffs"));
        assertEquals(5, server.getAttribute(name, "HandoffsPending"));
        assertEquals(16L, server.getAttribute(name, "HandoffsStarted"));
        assertEquals(14L, server.getAttribute(name, "HandoffsCompleted"));
        assertEquals(1L, server.getAttribute(name, "HandoffsCancelled"));
        assertArrayEquals(new String[] {"3f dtable-server-01->dtable-server-03 term=12 at=2026-11-23T10:15:30Z"
                + " reason=dtable-server-01 did not release within 30 s"},
                (String[]) server.getAttribute(name, "RecentCancelledHandoffs"));
    }

    @Test
    void aFailedRunAndAFollowerShowAsSuch() throws Exception {
        monitor.status = FakeMonitor.status(false, Optional.of(FakeMonitor.run(Optional.of("etcd refused"))));
        assertEquals(false, server.getAttribute(name, "Leader"));
        assertEquals("proxy-02:99", server.getAttribute(name, "LeaderId"));
        assertEquals("etcd refused", server.getAttribute(name, "LastRunError"));

        monitor.status = FakeMonitor.status(true, Optional.empty());
        assertNull(server.getAttribute(name, "LastRunTime"));
        assertNull(server.getAttribute(name, "LastRunKind"));
        assertEquals(0, server.getAttribute(name, "LastRunMoves"));
        assertEquals(0L, server.getAttribute(name, "LastRunRevision"));
    }

    @Test
    void operationsRunTheMonitorAndReturnTheMovesAsJson() throws Exception {
        JsonNode applied = JSON.readTree((String) server.invoke(name, "rebalance", null, null));
        assertEquals(1, monitor.rebalances.get());
        assertEquals("APPLIED", applied.get("outcome").asText());
        assertEquals(2, applied.get("moved").asInt());
        assertEquals("0f", applied.get("moves").get(0).get("bucket").asText());
        assertEquals("dtable-server-01", applied.get("moves").get(0).get("from").asText());
        assertEquals("dtable-server-03", applied.get("moves").get(0).get("to").asText());
        assertEquals(86, applied.get("counts").get("dtable-server-01").asInt());
        assertEquals(4705, applied.get("revision").asLong());
        assertTrue(applied.get("error").isNull());

        JsonNode planned = JSON.readTree((String) server.invoke(name, "dryRunRebalance", null, null));
        assertEquals(1, monitor.dryRuns.get());
        assertEquals(1, monitor.rebalances.get(), "a dry run does not rebalance");
        assertEquals("PLANNED", planned.get("outcome").asText());
        assertEquals(applied.get("moves"), planned.get("moves"));

        assertEquals(true, server.invoke(name, "refresh", null, null));
        assertEquals(1, monitor.refreshes.get());
    }

    @Test
    void drainUndrainPinAndUnpinRunAsCommandsAndAnswerTheAdminPortsJson() throws Exception {
        String[] one = {String.class.getName()};
        String[] two = {String.class.getName(), String.class.getName()};
        JsonNode drained = JSON.readTree((String) server.invoke(name, "drain", new Object[] {"dtable-server-02"}, one));
        assertEquals("APPLIED", drained.get("outcome").asText());
        assertEquals("drain", drained.get("action").asText());
        assertEquals("dtable-server-02", drained.get("node_id").asText());
        assertEquals(2, drained.get("moved").asInt());
        server.invoke(name, "undrain", new Object[] {"dtable-server-02"}, one);
        JsonNode pinned = JSON.readTree((String) server.invoke(name, "pin", new Object[] {"3F", "dtable-server-01"},
                two));
        assertEquals("3f", pinned.get("bucket").asText());
        server.invoke(name, "unpin", new Object[] {"3f"}, one);
        assertEquals(List.of(new OperatorCommand.Drain("dtable-server-02", "jmx", false),
                new OperatorCommand.Undrain("dtable-server-02", "jmx", false),
                new OperatorCommand.Pin(0x3f, "dtable-server-01", "jmx", false),
                new OperatorCommand.Unpin(0x3f, "jmx", false)), monitor.commands);

        JsonNode bad = JSON.readTree((String) server.invoke(name, "pin", new Object[] {"3g", "dtable-server-01"}, two));
        assertEquals("bad_bucket", bad.get("error").asText());
        JsonNode badNode = JSON.readTree((String) server.invoke(name, "drain", new Object[] {"server-2"}, one));
        assertEquals("bad_node_id", badNode.get("error").asText());
        assertEquals(4, monitor.commands.size(), "a bad argument reaches no monitor");
    }

    static Map<String, Object> table(TabularData data) {
        Map<String, Object> map = new TreeMap<>();
        for (Object row : data.values()) {
            CompositeData c = (CompositeData) row;
            map.put((String) c.get("key"), c.get("value"));
        }
        return map;
    }
}
