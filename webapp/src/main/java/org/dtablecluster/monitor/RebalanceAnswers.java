package org.dtablecluster.monitor;

import java.util.List;
import org.dtablecluster.monitor.RebalanceResult.Outcome;

/** How a plan or a run answers an operator's rebalance or dry run; pure. */
final class RebalanceAnswers {

    private RebalanceAnswers() {
    }

    /** A dry run's answer; {@code leader} is our id when we lead, else null. */
    static RebalanceResult of(Planning p, String leader) {
        if (p instanceof Planning.Ready r) {
            return RebalanceResult.done(Outcome.PLANNED, r.plan().moves(), r.plan().target().bucketCounts(), leader,
                    0);
        } else if (p instanceof Planning.NotReady n) {
            return RebalanceResult.refused(Outcome.NOT_READY, leader, n.reason());
        } else if (p instanceof Planning.Failed f) {
            return RebalanceResult.refused(Outcome.FAILED, leader, f.error());
        }
        return RebalanceResult.done(Outcome.PLANNED, List.of(), p.snapshot().assignment().bucketCounts(), leader, 0);
    }

    /**
     * A rebalance run's answer.
     *
     * @param leader our id when we lead after the run, else null
     */
    static RebalanceResult of(RunOutcome o, String leader) {
        if (o instanceof RunOutcome.NotReady n) {
            return RebalanceResult.refused(Outcome.NOT_READY, leader, n.reason());
        } else if (o instanceof RunOutcome.Failed f) {
            return RebalanceResult.refused(leader != null ? Outcome.FAILED : Outcome.NOT_LEADER, leader, f.error());
        } else if (o instanceof RunOutcome.Moved m) {
            return RebalanceResult.done(Outcome.APPLIED, m.record().moves(), m.counts(), leader, m.record().revision());
        }
        RunOutcome.Unchanged u = (RunOutcome.Unchanged) o;
        return RebalanceResult.done(Outcome.APPLIED, List.of(), u.counts(), leader, u.record().revision());
    }

    /** The refusal of an instance that does not lead, naming the leader it knows. */
    static RebalanceResult notLeader(java.util.Optional<String> leader) {
        return RebalanceResult.refused(RebalanceResult.Outcome.NOT_LEADER, leader.orElse(null),
                "this instance is not the leader; " + leader.map(l -> "the leader is " + l)
                        .orElse("no leader is known right now"));
    }
}
