package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dtablecluster.monitor.OperatorChecks.Refusal;
import org.dtablecluster.monitor.OperatorResult.Status;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.OperatorIntent;
import org.junit.jupiter.api.Test;

class OperatorChecksTest {

    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final String DEAD = "dtable-server-03";
    private static final String GHOST = "dtable-server-99";

    // A and B live; DEAD owns buckets but is not registered; B may be drained
    private static ClusterSnapshot snapshot(OperatorIntent intent) {
        ClusterSnapshot s = Snapshots.snapshot(7, List.of(Snapshots.node(A, 1), Snapshots.node(B, 2)),
                Snapshots.roundRobin(A, B, DEAD));
        return new ClusterSnapshot(s.revision(), s.liveNodes(), s.assignment(), BucketMoves.none(), intent, 0);
    }

    private static Optional<Refusal> check(OperatorCommand c, OperatorIntent intent) {
        return OperatorChecks.check(c, snapshot(intent));
    }

    private static OperatorIntent drained(String... nodes) {
        OperatorIntent i = OperatorIntent.none();
        for (String n : nodes) {
            i = i.withDrain(n, OperatorIntent.Drain.unknown());
        }
        return i;
    }

    @Test
    void drainingALiveOrDeadKnownNodeIsAllowedAnUnknownOneIs404() {
        assertEquals(Optional.empty(), check(new OperatorCommand.Drain(A, "t", false), drained()));
        assertEquals(Optional.empty(), check(new OperatorCommand.Drain(DEAD, "t", false), drained(A)));
        assertEquals(Status.NOT_FOUND, check(new OperatorCommand.Drain(GHOST, "t", false), drained())
                .orElseThrow().status());
        assertEquals(Status.NOT_FOUND, check(new OperatorCommand.Undrain(GHOST, "t", false), drained())
                .orElseThrow().status());
        assertEquals(Optional.empty(), check(new OperatorCommand.Undrain(GHOST, "t", false), drained(GHOST)));
    }

    @Test
    void theLastUndrainedLiveNodeIsNotDrained() {
        Refusal r = check(new OperatorCommand.Drain(A, "t", false), drained(B)).orElseThrow();
        assertEquals(Status.CONFLICT, r.status());
        assertTrue(r.reason().contains("last live node"), r.reason());
        assertEquals(Optional.empty(), check(new OperatorCommand.Drain(B, "t", false), drained(B)),
                "draining it again changes nothing, so it is no refusal");
    }

    @Test
    void aPinToADrainedDeadOrUnknownNodeIsRefused() {
        assertEquals(Optional.empty(), check(new OperatorCommand.Pin(0x3f, A, "t", false), drained()));
        Refusal toDrained = check(new OperatorCommand.Pin(0x3f, B, "t", false), drained(B)).orElseThrow();
        assertEquals(Status.CONFLICT, toDrained.status());
        assertTrue(toDrained.reason().contains("drained"), toDrained.reason());
        Refusal toDead = check(new OperatorCommand.Pin(0x3f, DEAD, "t", false), drained()).orElseThrow();
        assertEquals(Status.CONFLICT, toDead.status());
        assertTrue(toDead.reason().contains("not live"), toDead.reason());
        Refusal toGhost = check(new OperatorCommand.Pin(0x3f, GHOST, "t", false), drained()).orElseThrow();
        assertEquals(Status.CONFLICT, toGhost.status());
        assertTrue(toGhost.reason().contains("no such node"), toGhost.reason());
        assertEquals(Optional.empty(), check(new OperatorCommand.Unpin(0x3f, "t", false), drained()));
    }

    @Test
    void theAnswerCarriesTheReasonAsJson() {
        OperatorResult r = OperatorResult.refused(new OperatorCommand.Pin(0x3f, B, "t", false), Status.CONFLICT,
                "cannot pin", "proxy-01:1");
        assertEquals(409, r.status().httpStatus());
        assertEquals("refused", r.toJson().get("error").asText());
        assertEquals("3f", r.toJson().get("bucket").asText());
        assertEquals("proxy-01:1", r.toJson().get("leader").asText());
    }
}
