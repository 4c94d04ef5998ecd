package org.dtablecluster.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The bases this simulated server has loaded, by canonical UUID. */
final class BaseStore {

    private final Map<String, LoadedBase> bases = new ConcurrentHashMap<>();
    private final BaseStorage storage;

    BaseStore(BaseStorage storage) {
        this.storage = storage;
    }

    /** The base, loaded from the storage on first use as a dtable-server does. */
    LoadedBase load(String canonicalUuid) {
        return bases.computeIfAbsent(canonicalUuid, uuid -> new LoadedBase(uuid, storage));
    }

    LoadedBase getOrNull(String canonicalUuid) {
        return bases.get(canonicalUuid);
    }

    /**
     * Unloads every base in {@code buckets}; returns their UUIDs, sorted. Every acknowledged write
     * was saved through already, so unloading only forgets the copy in memory.
     */
    List<String> unloadBuckets(Set<Integer> buckets) {
        List<String> unloaded = new ArrayList<>();
        bases.values().removeIf(base -> {
            boolean drop = buckets.contains(base.bucket());
            if (drop) {
                unloaded.add(base.uuid());
            }
            return drop;
        });
        unloaded.sort(null);
        return unloaded;
    }

    List<LoadedBase> all() {
        return bases.values().stream().sorted((a, b) -> a.uuid().compareTo(b.uuid())).toList();
    }

    int size() {
        return bases.size();
    }
}
