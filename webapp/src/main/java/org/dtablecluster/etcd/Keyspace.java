package org.dtablecluster.etcd;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.dtablecluster.config.EtcdSettings;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.NodeId;

/**
 * Where everything lives in etcd, given the optional {@code key_prefix} (empty by default, which
 * is SeaTable's own layout that dtable-web reads):
 *
 * <pre>
 * &lt;prefix&gt;dtable-server-01                      a node's registration (JSON), on its lease
 * &lt;prefix&gt;assign-0f                             the owner of bucket 0x0f (a node id)
 * &lt;prefix&gt;dtable-cluster/monitor/leader         the monitors' election
 * &lt;prefix&gt;dtable-cluster/handoff/&lt;xx&gt;           bucket xx is moving (the leader, OWNERSHIP.md)
 * &lt;prefix&gt;dtable-cluster/released/&lt;xx&gt;          its old owner let it go (on the old owner's lease)
 * &lt;prefix&gt;dtable-cluster/accepted/&lt;xx&gt;          its new owner serves it (on the new owner's lease)
 * &lt;prefix&gt;dtable-cluster/drained/&lt;node_id&gt;     an operator drained the node (JSON: by, at)
 * &lt;prefix&gt;dtable-cluster/pinned/&lt;xx&gt;            an operator pinned bucket xx (JSON: node_id)
 * </pre>
 *
 * This is the only place that spells a key; a key appears here once something writes it.
 *
 * Keys read back from etcd are classified by {@link #parse(String)}, which never throws: a key
 * that looks like ours but is not well formed comes back as {@link MalformedKey}.
 */
public record Keyspace(String prefix) {

    /** Node keys are the node id, which starts with this. */
    public static final String NODE_ID_PREFIX = NodeId.PREFIX;
    /** Bucket owners: {@code assign-} and two lowercase hex digits. */
    public static final String ASSIGN_PREFIX = "assign-";
    /** Everything else we keep. */
    public static final String OWN_DIR = "dtable-cluster/";

    private static final String HANDOFF_DIR = "handoff/";
    private static final String RELEASED_DIR = "released/";
    private static final String ACCEPTED_DIR = "accepted/";
    private static final String DRAINED_DIR = "drained/";
    private static final String PINNED_DIR = "pinned/";

    /**
     * @param prefix the {@code key_prefix}; may be empty, must not itself start with
     *     {@code dtable-server-} or {@code assign-} (a root-level reader such as dtable-web would
     *     mistake our keys for nodes or owners)
     */
    public Keyspace {
        requireNonNull(prefix, "prefix is null");
        if (!prefix.isEmpty() && (prefix.startsWith(NODE_ID_PREFIX) || prefix.startsWith(ASSIGN_PREFIX))) {
            throw new IllegalArgumentException("key_prefix must not start with '" + NODE_ID_PREFIX + "' or '"
                    + ASSIGN_PREFIX + "', was '" + prefix + "'");
        }
        if (prefix.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("key_prefix must not contain whitespace or control characters, was '"
                    + prefix + "'");
        }
    }

    /** SeaTable's layout: no prefix. */
    public static Keyspace root() {
        return new Keyspace("");
    }

    public static Keyspace of(EtcdSettings settings) {
        return new Keyspace(settings.keyPrefix());
    }

    /** {@code <prefix><nodeId>}. */
    public String nodeKey(String nodeId) {
        return prefix + NodeId.check(nodeId);
    }

    /** {@code <prefix>dtable-server-}: scan it to find every registered node. */
    public String nodeScanPrefix() {
        return prefix + NODE_ID_PREFIX;
    }

    /** {@code <prefix>assign-<xx>}, lowercase hex. */
    public String assignKey(int bucket) {
        return prefix + ASSIGN_PREFIX + Assignment.hex(checkBucket(bucket));
    }

    /** {@code <prefix>assign-}: scan it to read the whole assignment. */
    public String assignScanPrefix() {
        return prefix + ASSIGN_PREFIX;
    }

    /** {@code <prefix>dtable-cluster/}: all our own state. */
    public String ownPrefix() {
        return prefix + OWN_DIR;
    }

    /** The monitors' election name, {@code <prefix>dtable-cluster/monitor/leader}. */
    public String electionName() {
        return ownKey("monitor/leader");
    }

    /** {@code <prefix>dtable-cluster/handoff/<xx>}: the leader's record of a moving bucket. */
    public String handoffKey(int bucket) {
        return ownKey(HANDOFF_DIR + Assignment.hex(checkBucket(bucket)));
    }

    /** {@code <prefix>dtable-cluster/released/<xx>}: the old owner's release of a moving bucket. */
    public String releasedKey(int bucket) {
        return ownKey(RELEASED_DIR + Assignment.hex(checkBucket(bucket)));
    }

    /** {@code <prefix>dtable-cluster/accepted/<xx>}: the new owner's acceptance of a moving bucket. */
    public String acceptedKey(int bucket) {
        return ownKey(ACCEPTED_DIR + Assignment.hex(checkBucket(bucket)));
    }

    /** {@code <prefix>dtable-cluster/drained/<nodeId>}: an operator drained the node. */
    public String drainedKey(String nodeId) {
        return ownKey(DRAINED_DIR + NodeId.check(nodeId));
    }

    /** {@code <prefix>dtable-cluster/pinned/<xx>}: an operator pinned the bucket to a node. */
    public String pinnedKey(int bucket) {
        return ownKey(PINNED_DIR + Assignment.hex(checkBucket(bucket)));
    }

    /** {@code <prefix>dtable-cluster/drained/}: scan it to read every drain. */
    public String drainedScanPrefix() {
        return ownKey(DRAINED_DIR);
    }

    /** {@code <prefix>dtable-cluster/pinned/}: scan it to read every pin. */
    public String pinnedScanPrefix() {
        return ownKey(PINNED_DIR);
    }

    /** {@code <prefix>dtable-cluster/handoff/} (or released/, accepted/): scan it to read every key of that kind. */
    public String moveScanPrefix(MoveKey.Kind kind) {
        return ownKey(dir(kind));
    }

    /** {@code <prefix>dtable-cluster/history/<20-digit sequence>}: one run of the leader that changed something. */
    public String historyKey(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
        }
        return ownKey(String.format(java.util.Locale.ROOT, "history/%020d", sequence));
    }

    /** {@code <prefix>dtable-cluster/history/}: scan it to read the history, oldest first. */
    public String historyScanPrefix() {
        return ownKey("history/");
    }

    /** {@code <prefix>dtable-cluster/<relative>}, for own state not named above. */
    public String ownKey(String relative) {
        requireNonNull(relative, "relative is null");
        if (relative.isEmpty() || relative.startsWith("/")) {
            throw new IllegalArgumentException("relative key must be non-empty and not start with '/', was '"
                    + relative + "'");
        }
        return ownPrefix() + relative;
    }

    /** The smallest key greater than every key starting with {@code prefix} (ASCII prefixes). */
    public static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /** Classifies a key read from etcd; never throws. */
    public ParsedKey parse(String key) {
        requireNonNull(key, "key is null");
        if (!key.startsWith(prefix)) {
            return new OtherKey(key);
        }
        String rest = key.substring(prefix.length());
        if (rest.startsWith(ASSIGN_PREFIX)) {
            String hex = rest.substring(ASSIGN_PREFIX.length());
            if (hex.length() != 2) {
                return new MalformedKey(key, "an assign key needs exactly two hex digits after '" + ASSIGN_PREFIX + "'");
            }
            if (!isLowerHex(hex.charAt(0)) || !isLowerHex(hex.charAt(1))) {
                boolean upper = hex.toLowerCase(Locale.ROOT).chars().allMatch(c -> isLowerHex((char) c));
                return new MalformedKey(key, upper
                        ? "assign keys are lowercase hex (dtable-web reads '" + ASSIGN_PREFIX
                                + hex.toLowerCase(Locale.ROOT) + "')"
                        : "'" + hex + "' is not two hex digits");
            }
            return new AssignKey(Integer.parseInt(hex, 16));
        }
        if (rest.startsWith(NODE_ID_PREFIX)) {
            String problem = NodeId.problem(rest);
            return problem == null ? new NodeKey(rest) : new MalformedKey(key, problem);
        }
        if (rest.startsWith(OWN_DIR)) {
            return parseOwn(key, rest.substring(OWN_DIR.length()));
        }
        return new OtherKey(key);
    }

    private static ParsedKey parseOwn(String key, String own) {
        if (own.startsWith(DRAINED_DIR)) {
            String nodeId = own.substring(DRAINED_DIR.length());
            String problem = NodeId.problem(nodeId);
            return problem == null ? new DrainedKey(nodeId) : new MalformedKey(key, problem);
        }
        if (own.startsWith(PINNED_DIR)) {
            String hex = own.substring(PINNED_DIR.length());
            return isLowerHexPair(hex) ? new PinnedKey(Integer.parseInt(hex, 16))
                    : new MalformedKey(key, "'" + hex + "' is not two lowercase hex digits");
        }
        for (MoveKey.Kind kind : MoveKey.Kind.values()) {
            String dir = dir(kind);
            if (own.startsWith(dir)) {
                String hex = own.substring(dir.length());
                if (!isLowerHexPair(hex)) {
                    return new MalformedKey(key, "'" + hex + "' is not two lowercase hex digits");
                }
                return new MoveKey(kind, Integer.parseInt(hex, 16));
            }
        }
        return new OtherKey(key);
    }

    private static String dir(MoveKey.Kind kind) {
        return switch (kind) {
            case HANDOFF -> HANDOFF_DIR;
            case RELEASED -> RELEASED_DIR;
            case ACCEPTED -> ACCEPTED_DIR;
        };
    }

    private static int checkBucket(int bucket) {
        if (bucket < 0 || bucket >= Assignment.BUCKETS) {
            throw new IllegalArgumentException("bucket must be in [0, " + (Assignment.BUCKETS - 1) + "], was " + bucket);
        }
        return bucket;
    }

    private static boolean isLowerHexPair(String hex) {
        return hex.length() == 2 && isLowerHex(hex.charAt(0)) && isLowerHex(hex.charAt(1));
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** What a key read from etcd is. */
    public sealed interface ParsedKey permits NodeKey, AssignKey, MoveKey, DrainedKey, PinnedKey,
            MalformedKey, OtherKey {
    }

    /** A node's registration key. */
    public record NodeKey(String nodeId) implements ParsedKey {
    }

    /** The owner key of {@code bucket}. */
    public record AssignKey(int bucket) implements ParsedKey {
    }

    /** A key of a moving bucket: its handoff, its release or its acceptance. */
    public record MoveKey(Kind kind, int bucket) implements ParsedKey {
        public enum Kind { HANDOFF, RELEASED, ACCEPTED }
    }

    /** An operator's drain of a node. */
    public record DrainedKey(String nodeId) implements ParsedKey {
    }

    /** An operator's pin of {@code bucket}. */
    public record PinnedKey(int bucket) implements ParsedKey {
    }

    /** Looks like a node or assign key but is not well formed; ignore it and say why. */
    public record MalformedKey(String key, String reason) implements ParsedKey {
    }

    /** Not a node or assign key of this keyspace (our own state, another prefix, anything else). */
    public record OtherKey(String key) implements ParsedKey {
    }
}
