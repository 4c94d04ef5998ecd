package org.dtablecluster.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtablecluster.monitor.RebalanceResult.Outcome;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.Move;
import org.dtablecluster.spi.RunKind;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.Test;

/** How each sealed planning and run outcome answers an operator; pure. */
class RebalanceAnswersTest {

    private static final String A = "dtable-server-01";
    private static final String B = "dtable-server-02";
    private static final ClusterSnapshot SNAPSHOT = Snapshots.snapshot(7,
            List.of(Snapshots.node(A, 1), Snapshots.node(B, 2)), Snapshots.roundRobin(A, B));

    private static RunRecord record(List<Move> moves, Optional<String> error, long revision) {
        return new RunRecord(Instant.EPOCH, RunKind.REBALANCE, "rebalance", 7, moves, error, revision,
                revision == 0 ? 0 : 1, 0, Duration.ZERO);
    }

    @Test
    void aDryRunWithNoLiveNodePlansNothingAndShowsTheCountsAsTheyStand() {
        RebalanceResult r = RebalanceAnswers.of(new Planning.NoLiveNodes(SNAPSHOT), "me");
        assertEquals(Outcome.PLANNED, r.outcome());
        assertEquals(List.of(), r.moves());
        assertEquals(Map.of(A, 128, B, 128), r.counts());
        assertEquals(Optional.of("me"), r.leader());
    }

    @Test
    void refusalsAndFailuresOfAPlanSayWhy() {
        assertEquals(new RebalanceResult(Outcome.NOT_READY, List.of(), Map.of(), Optional.empty(),
                Optional.of("grace"), 0), RebalanceAnswers.of(new Planning.NotReady(SNAPSHOT, "grace"), null));
        assertEquals(Outcome.FAILED, RebalanceAnswers.of(new Planning.Failed(null, "behind"), "me").outcome());
    }

    @Test
    void aRunThatMovedAnswersWithItsMovesAndRevision() {
        List<Move> moves = List.of(new Move(3, A, B));
        RebalanceResult r = RebalanceAnswers.of(new RunOutcome.Moved(record(moves, Optional.empty(), 42),
                Map.of(A, 127, B, 129)), "me");
        assertEquals(Outcome.APPLIED, r.outcome());
        assertEquals(moves, r.moves());
        assertEquals(42, r.revision());
    }

    @Test
    void aFailedRunIsNotLeaderOnceLeadershipIsGone() {
        RunOutcome failed = new RunOutcome.Failed(record(List.of(), Optional.of("etcd refused the write"), 0));
        assertEquals(Outcome.FAILED, RebalanceAnswers.of(failed, "me").outcome());
        RebalanceResult gone = RebalanceAnswers.of(failed, null);
        assertEquals(Outcome.NOT_LEADER, gone.outcome());
        assertEquals(Optional.of("etcd refused the write"), gone.error());
    }

    @Test
    void aRefusedOrFailedRunMustSayWhy() {
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome.Failed(record(List.of(), Optional.empty(), 0)));
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome.NotReady(record(List.of(), Optional.empty(), 0)));
    }
}
