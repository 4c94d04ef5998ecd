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

    /** Not now (the re-registration grace runs); the record's error says why. */
    record NotReady(RunRecord record) implements RunOutcome {
        public NotReady {
            if (record.error().isEmpty()) {
                throw new IllegalArgumentException("a refused run says why: " + record);
            }
        }

        String reason() {
            return record.error().orElseThrow();
        }
    }

    /** Planning or applying failed (the record's error); what was applied before is in the record. */
    record Failed(RunRecord record) implements RunOutcome {
        public Failed {
            if (record.error().isEmpty()) {
                throw new IllegalArgumentException("a failed run says why: " + record);
            }
        }

        String error() {
            return record.error().orElseThrow();
        }
    }
}
