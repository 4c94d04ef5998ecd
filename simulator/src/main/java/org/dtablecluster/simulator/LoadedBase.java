package org.dtablecluster.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One base held in memory: a single table whose rows only ever grow. */
final class LoadedBase {

    private final String uuid;
    private final int bucket;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    LoadedBase(String uuid) {
        this.uuid = uuid;
        this.bucket = BaseUuids.bucket(uuid);
    }

    String uuid() {
        return uuid;
    }

    int bucket() {
        return bucket;
    }

    /** Appends a copy of {@code fields} with a fresh {@code _id}, and returns that copy. */
    synchronized Map<String, Object> append(Map<String, Object> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("_id", String.format("row-%06d", rows.size() + 1));
        fields.forEach((k, v) -> {
            if (!"_id".equals(k)) {
                row.put(k, v);
            }
        });
        rows.add(row);
        return row;
    }

    synchronized List<Map<String, Object>> rows() {
        return List.copyOf(rows);
    }

    synchronized int rowCount() {
        return rows.size();
    }
}
