package org.dtablecluster.simulator.chaos;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dtablecluster.simulator.BaseStorage;

/**
 * What survived: every row of the run's bases as the shared storage holds them after the run,
 * which is what any server loading the base next would see.
 */
record StorageAudit(Map<String, Integer> idCounts, Map<String, Integer> seqCounts) {

    static StorageAudit read(Path storageDir, List<String> bases) {
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> seqs = new HashMap<>();
        for (String base : bases) {
            for (Map<String, Object> row : BaseStorage.read(storageDir, base)) {
                ids.merge(String.valueOf(row.get("_id")), 1, Integer::sum);
                Object seq = row.get("seq");
                if (seq != null) {
                    seqs.merge(seq.toString(), 1, Integer::sum);
                }
            }
        }
        return new StorageAudit(Map.copyOf(ids), Map.copyOf(seqs));
    }

    /** An acknowledged row that is not stored. */
    boolean lost(Attempt acked) {
        return !idCounts.containsKey(acked.rowId());
    }

    /** A row stored more than once (by its {@code _id} or by the client's key). */
    boolean duplicated(Attempt attempt) {
        return seqCounts.getOrDefault(attempt.seq(), 0) > 1
                || attempt.acked() && idCounts.getOrDefault(attempt.rowId(), 0) > 1;
    }
}
