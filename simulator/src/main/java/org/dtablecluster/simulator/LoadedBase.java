package org.dtablecluster.simulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One base held in memory: a single table whose rows only ever grow. Loaded from the storage once,
 * when first used; every append is saved through (the whole base) before it is acknowledged.
 */
final class LoadedBase {

    private static final SecureRandom IDS = new SecureRandom();

    private final String uuid;
    private final int bucket;
    private final BaseStorage storage;
    private final List<Map<String, Object>> rows;

    LoadedBase(String uuid, BaseStorage storage) {
        this.uuid = uuid;
        this.bucket = BaseUuids.bucket(uuid);
        this.storage = storage;
        this.rows = new ArrayList<>(storage.read(uuid));
    }

    String uuid() {
        return uuid;
    }

    int bucket() {
        return bucket;
    }

    /**
     * Appends a copy of {@code fields} with a fresh random {@code _id} (unique across servers, as
     * dtable-server's are), saves the base, and returns the row.
     *
     * @throws java.io.UncheckedIOException when the save fails; the row is then not kept
     */
    synchronized Map<String, Object> append(Map<String, Object> fields) {
        byte[] id = new byte[8];
        IDS.nextBytes(id);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("_id", HexFormat.of().formatHex(id));
        fields.forEach((k, v) -> {
            if (!"_id".equals(k)) {
                row.put(k, v);
            }
        });
        rows.add(row);
        try {
            storage.save(uuid, rows);
        } catch (RuntimeException e) {
            rows.remove(rows.size() - 1);
            throw e;
        }
        return row;
    }

    synchronized List<Map<String, Object>> rows() {
        return List.copyOf(rows);
    }

    synchronized int rowCount() {
        return rows.size();
    }
}
