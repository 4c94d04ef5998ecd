package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dtablecluster.etcd.Keyspace.AssignKey;
import org.dtablecluster.etcd.Keyspace.DrainedKey;
import org.dtablecluster.etcd.Keyspace.MalformedKey;
import org.dtablecluster.etcd.Keyspace.MoveKey;
import org.dtablecluster.etcd.Keyspace.NodeKey;
import org.dtablecluster.etcd.Keyspace.ParsedKey;
import org.dtablecluster.etcd.Keyspace.PinnedKey;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.NodeEntry;
import org.dtablecluster.view.OperatorIntent;
import org.dtablecluster.view.OperatorIntent.Drain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable mirror of the node, assign and handoff keys (handoff, released, accepted; kept by
 * {@link ViewMoves}) and of the operators' drained and pinned keys ({@link IntentValues}) behind {@link EtcdClusterView}: it applies a
 * full read or single changes, and builds immutable snapshots. Applying is idempotent: a change
 * at or below the revision already known for its key (or below the last full read) is a
 * re-delivery and is ignored. Bad keys and values are logged once per revision and skipped.
 * Not thread-safe: one thread owns it.
 */
final class ViewState {

    private static final Logger LOG = LoggerFactory.getLogger(ViewState.class);

    private final Keyspace keyspace;
    private final Map<String, NodeEntry> nodes = new TreeMap<>();
    private final Assignment.Builder owners = Assignment.builder(Assignment.BUCKETS);
    private final ViewMoves moves = new ViewMoves();
    private final Map<String, Drain> drained = new TreeMap<>();
    private final Map<Integer, String> pins = new TreeMap<>();
    private OperatorIntent intent = OperatorIntent.none();
    // mod revision of the last change seen per node/assign key, deletions included
    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Long> warned = new HashMap<>();
    private long baseRevision;
    private long revision;
    // written by the owning thread only, read by anyone
    private volatile long redelivered;
    private volatile long malformed;
    /** During a full read, the nodes before it: a registration read back broken keeps its last valid entry. */
    private Map<String, NodeEntry> lastValid = Map.of();
    private ClusterSnapshot snapshot = ClusterSnapshot.empty();
    private boolean dirty;

    ViewState(Keyspace keyspace) {
        this.keyspace = requireNonNull(keyspace, "keyspace is null");
    }

    /** One key's state: {@code value} null for a deletion. */
    record KeyChange(String key, String value, long modRevision) {
        KeyChange {
            requireNonNull(key, "key is null");
        }

        static KeyChange of(io.etcd.jetcd.KeyValue kv) {
            return put(EtcdClients.string(kv.getKey()), EtcdClients.string(kv.getValue()), kv.getModRevision());
        }

        static KeyChange put(String key, String value, long modRevision) {
            return new KeyChange(key, requireNonNull(value, "value is null"), modRevision);
        }

        static KeyChange delete(String key, long modRevision) {
            return new KeyChange(key, null, modRevision);
        }
    }

    /**
     * Replaces everything with a full read taken at {@code readRevision}.
     *
     * @return whether the content changed
     */
    boolean reset(List<KeyChange> keys, long readRevision) {
        Map<String, NodeEntry> oldNodes = Map.copyOf(nodes);
        Assignment oldOwners = owners.build();
        BucketMoves oldMoves = moves.moves();
        OperatorIntent oldIntent = intent;
        nodes.clear();
        moves.clear();
        drained.clear();
        pins.clear();
        for (int b = 0; b < owners.bucketCount(); b++) {
            owners.set(b, null);
        }
        seen.clear();
        baseRevision = readRevision;
        // a full read is the truth, even when etcd's history went backwards (a rebuilt cluster)
        revision = readRevision;
        lastValid = oldNodes;
        for (KeyChange k : keys) {
            store(k);
        }
        lastValid = Map.of();
        intent = new OperatorIntent(drained, pins);
        boolean changed = !oldNodes.equals(nodes) || !oldOwners.equals(owners.build())
                || !oldMoves.equals(moves.moves()) || !oldIntent.equals(intent);
        dirty |= changed || snapshot.revision() != readRevision;
        return changed;
    }

    /**
     * Applies one change from a watch.
     *
     * @return whether the content changed
     */
    boolean apply(KeyChange change) {
        revision = Math.max(revision, change.modRevision());
        Long known = seen.get(change.key());
        if (change.modRevision() <= baseRevision || (known != null && change.modRevision() <= known)) {
            redelivered++;
            return false;
        }
        boolean changed = store(change);
        dirty |= changed;
        return changed;
    }

    /**
     * The key prefixes a full read scans: nodes, owners, the handoff, released and accepted keys,
     * drains and pins.
     */
    static List<String> scanPrefixes(Keyspace keyspace) {
        return List.of(keyspace.nodeScanPrefix(), keyspace.assignScanPrefix(),
                keyspace.moveScanPrefix(MoveKey.Kind.HANDOFF), keyspace.moveScanPrefix(MoveKey.Kind.RELEASED),
                keyspace.moveScanPrefix(MoveKey.Kind.ACCEPTED), keyspace.drainedScanPrefix(),
                keyspace.pinnedScanPrefix());
    }

    /** Revision of the newest change or full read applied. */
    long revision() {
        return revision;
    }

    long redelivered() {
        return redelivered;
    }

    long malformed() {
        return malformed;
    }

    /** The current content; the same instance until something changes. */
    ClusterSnapshot snapshot() {
        if (dirty) {
            snapshot = new ClusterSnapshot(revision, nodes, owners.build(), moves.moves(), intent, System.nanoTime());
            dirty = false;
        }
        return snapshot;
    }

    private boolean store(KeyChange change) {
        ParsedKey parsed = keyspace.parse(change.key());
        if (parsed instanceof NodeKey n) {
            seen.put(change.key(), change.modRevision());
            return storeNode(n.nodeId(), change);
        }
        if (parsed instanceof AssignKey a) {
            seen.put(change.key(), change.modRevision());
            return storeOwner(a.bucket(), change);
        }
        if (parsed instanceof MoveKey m) {
            seen.put(change.key(), change.modRevision());
            ViewMoves.Stored stored = moves.store(m, change.value(), change.modRevision());
            if (stored.malformed()) {
                warnOnce(change, "ignoring key '" + change.key() + "' (rev=" + change.modRevision()
                        + "): not a handoff value: " + change.value());
            }
            return stored.changed();
        }
        if (parsed instanceof DrainedKey d) {
            seen.put(change.key(), change.modRevision());
            return storeDrain(d.nodeId(), change);
        }
        if (parsed instanceof PinnedKey p) {
            seen.put(change.key(), change.modRevision());
            return storePin(p.bucket(), change);
        }
        if (parsed instanceof MalformedKey m && change.value() != null) {
            warnOnce(change, "ignoring key '" + m.key() + "': " + m.reason());
        }
        return false;
    }

    private boolean storeNode(String nodeId, KeyChange change) {
        if (change.value() == null) {
            return nodes.remove(nodeId) != null;
        }
        NodeEntry entry;
        try {
            entry = NodeRegistration.parse(nodeId, change.value()).toEntry(change.modRevision());
        } catch (IllegalArgumentException e) {
            // Someone else's bad value must not evict a running node and move its buckets: keep
            // the last valid entry, if there is one, until the key goes or turns valid again.
            NodeEntry last = nodes.containsKey(nodeId) ? nodes.get(nodeId) : lastValid.get(nodeId);
            warnOnce(change, "node '" + nodeId + "' (rev=" + change.modRevision() + "): bad registration: "
                    + e.getMessage() + (last == null ? "; ignoring it"
                            : "; keeping its last valid entry (rev=" + last.modRevision() + ")"));
            if (last != null) {
                nodes.put(nodeId, last);
            }
            return false;
        }
        return !entry.equals(nodes.put(nodeId, entry));
    }

    private boolean storeOwner(int bucket, KeyChange change) {
        String owner = change.value() == null ? null : change.value().strip();
        if (owner != null && owner.isEmpty()) {
            warnOnce(change, "bucket " + Assignment.hex(bucket) + " has a blank owner; treating it as unowned");
            owner = null;
        }
        String old = owners.get(bucket);
        owners.set(bucket, owner);
        return !Objects.equals(old, owner);
    }

    private boolean storeDrain(String nodeId, KeyChange change) {
        Drain old = change.value() == null ? drained.remove(nodeId)
                : drained.put(nodeId, IntentValues.readDrain(change.value()));
        return intentChanged(!Objects.equals(old, drained.get(nodeId)));
    }

    private boolean storePin(int bucket, KeyChange change) {
        String node = change.value() == null ? null : IntentValues.readPin(change.value()).orElse(null);
        if (change.value() != null && node == null) {
            warnOnce(change, "ignoring pin '" + change.key() + "' (rev=" + change.modRevision()
                    + "): its value names no node id: " + change.value());
        }
        String old = node == null ? pins.remove(bucket) : pins.put(bucket, node);
        return intentChanged(!Objects.equals(old, node));
    }

    private boolean intentChanged(boolean changed) {
        if (changed) {
            intent = new OperatorIntent(drained, pins);
        }
        return changed;
    }

    private void warnOnce(KeyChange change, String message) {
        Long last = warned.put(change.key(), change.modRevision());
        if (last == null || last != change.modRevision()) {
            malformed++;
            LOG.warn("[view prefix='{}'] {}", keyspace.prefix(), message);
        }
    }
}
