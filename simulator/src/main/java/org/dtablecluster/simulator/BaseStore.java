package org.dtablecluster.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/** The bases this simulated server has loaded, by canonical UUID. */
final class BaseStore {

    private final Map<String, LoadedBase> bases = new ConcurrentSkipListMap<>();

    /** The base, loaded on first use as a dtable-server does. */
    LoadedBase load(String canonicalUuid) {
        return bases.computeIfAbsent(canonicalUuid, LoadedBase::new);
    }

    LoadedBase getOrNull(String canonicalUuid) {
        return bases.get(canonicalUuid);
    }

    /** Unloads every base in {@code buckets}; returns their UUIDs, sorted. */
    List<String> unloadBuckets(Set<Integer> buckets) {
        List<String> unloaded = new ArrayList<>();
        bases.values().removeIf(base -> {
            boolean drop = buckets.contains(base.bucket());
            if (drop) {
                unloaded.add(base.uuid());
            }
            return drop;
        });
        return unloaded;
    }

    List<LoadedBase> all() {
        return List.copyOf(bases.values());
    }

    int size() {
        return bases.size();
    }
}
