package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** How one run of the {@link RunPipeline} ended; each carries the {@link RunRecord} kept in the history. */
sealed interface RunOutcome {

    RunRecord record();

    /** Nothing needed moving (or no node is live, so nothing could); {@code counts} are as they stand. */
    record Unchanged(RunRecord record, Map<String, Integer> counts) implements RunOutcome {
        public Unchanged {
            requireNonNull(record, "record is null");
            counts = Map.copyOf(counts);
        }
    }

    /** The planned moves were applied; {@code counts} are buckets per node after them. */
    record Moved(RunRecord record, Map<String, Integer> counts) implements RunOutcome {
        public Moved {
            requireNonNull(record, "record is null");
            counts = Map.copyOf(counts);
        }
    }

    /** Not now (the re-registration grace runs); try again later. */
    record NotReady(RunRecord record, String reason) implements RunOutcome {
        public NotReady {
            requireNonNull(record, "record is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** Planning or applying failed; what was applied before the failure is in the record. */
    record Failed(RunRecord record, String error) implements RunOutcome {
        public Failed {
            requireNonNull(record, "record is null");
            requireNonNull(error, "error is null");
        }
    }
}
