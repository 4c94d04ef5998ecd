package org.dtablecluster.tck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dtablecluster.spi.NodeInfo;

/**
 * What an operator drains and pins over time, as the admin layer allows it: a pin goes only to a
 * live node that is not drained, but a pinned or drained node may die later and its pin or drain
 * stays. Sometimes every live node ends up drained. Only ordered collections, so the same random
 * numbers always give the same intent.
 */
final class OperatorActions {

    /** Drains of nodes long gone are forgotten past this many, as an operator would undrain them. */
    private static final int MAX_DRAINED = 32;

    private final int bucketCount;
    private final TreeSet<String> drained = new TreeSet<>();
    private final TreeMap<Integer, String> pins = new TreeMap<>();

    OperatorActions(int bucketCount) {
        this.bucketCount = bucketCount;
    }

    SortedSet<String> drained() {
        return Collections.unmodifiableSortedSet(drained);
    }

    SortedMap<Integer, String> pins() {
        return Collections.unmodifiableSortedMap(pins);
    }

    /** This round's operator action, among the nodes live in it. */
    void act(Random random, SortedMap<String, NodeInfo> live) {
        List<String> undrained = new ArrayList<>(live.keySet());
        undrained.removeAll(drained);
        int event = random.nextInt(100);
        if (event < 10 && !undrained.isEmpty()) {
            drained.add(pick(undrained, random));
        } else if (event < 18 && !drained.isEmpty()) {
            drained.remove(pick(new ArrayList<>(drained), random));
        } else if (event < 20) {
            drained.addAll(live.keySet()); // the last undrained nodes died, or were drained by hand
        } else if (event < 24) {
            drained.clear();
        } else if (event < 36 && !undrained.isEmpty()) {
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                pins.put(random.nextInt(bucketCount), pick(undrained, random));
            }
        } else if (event < 39 && !undrained.isEmpty()) {
            // More pins on one node than its share, so balance must count them.
            String node = pick(undrained, random);
            for (int i = bucketCount / 8 + random.nextInt(bucketCount / 4 + 1); i > 0; i--) {
                pins.put(random.nextInt(bucketCount), node);
            }
        } else if (event < 50 && !pins.isEmpty()) {
            for (int i = 1 + random.nextInt(3); i > 0 && !pins.isEmpty(); i--) {
                pins.remove(pick(new ArrayList<>(pins.keySet()), random));
            }
        } else if (event < 53) {
            pins.clear();
        }
        while (drained.size() > MAX_DRAINED) {
            drained.remove(pick(new ArrayList<>(drained), random));
        }
    }

    private static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
