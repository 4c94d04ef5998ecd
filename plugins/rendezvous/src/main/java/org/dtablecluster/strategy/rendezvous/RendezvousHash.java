package org.dtablecluster.strategy.rendezvous;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.dtablecluster.spi.Assignment;

/**
 * The highest-random-weight (rendezvous) hash, specified exactly so that any client can compute
 * a bucket's owner from the list of live node ids alone.
 *
 * <pre>
 * key(bucket, node_id) = UTF-8 bytes of  hex(bucket) + "|" + node_id
 *                        where hex(bucket) is two lowercase hex digits for 256 buckets ("8b")
 * fnv1a64(bytes)       = h := 0xcbf29ce484222325;
 *                        for each byte b: h := (h XOR b) * 0x00000100000001b3  mod 2^64
 * fmix64(h)            = h ^= h >> 33; h *= 0xff51afd7ed558ccd; h ^= h >> 33;
 *                        h *= 0xc4ceb9fe1a85ec53; h ^= h >> 33        (mod 2^64, logical shifts)
 * score(bucket, node)  = fmix64(fnv1a64(key(bucket, node)))
 * owner(bucket, nodes) = the node with the highest score, compared as UNSIGNED 64-bit
 *                        integers; on an exact tie, the node id that sorts first
 * </pre>
 *
 * <p>{@code fmix64} is MurmurHash3's 64-bit finalizer. It is not decoration: FNV-1a alone
 * changes only the low bits of the multiplier's product for ids that differ in their last
 * character ({@code dtable-server-01}, {@code -02}, ...), so one node would win most buckets.
 */
public final class RendezvousHash {

    static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    private RendezvousHash() {
    }

    /** The score of {@code nodeId} for {@code bucket}; compare with {@link Long#compareUnsigned}. */
    public static long score(int bucket, String nodeId) {
        requireNonNull(nodeId, "nodeId is null");
        return fmix64(fnv1a64(prefix(bucket), nodeId.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The owner of {@code bucket} among {@code nodeIds}.
     *
     * @throws IllegalArgumentException when {@code nodeIds} is empty
     */
    public static String owner(int bucket, Collection<String> nodeIds) {
        requireNonNull(nodeIds, "nodeIds is null");
        String best = null;
        long bestScore = 0;
        for (String id : nodeIds) {
            long s = score(bucket, id);
            int c = best == null ? 1 : Long.compareUnsigned(s, bestScore);
            if (c > 0 || (c == 0 && id.compareTo(best) < 0)) {
                best = id;
                bestScore = s;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no nodes to choose from");
        }
        return best;
    }

    /** FNV-1a of {@code hex(bucket) + "|"}: where every key of the bucket starts. */
    static long prefix(int bucket) {
        return fnv1a64(FNV_OFFSET_BASIS, (Assignment.hex(bucket) + "|").getBytes(StandardCharsets.UTF_8));
    }

    /** FNV-1a over {@code bytes}, continuing from {@code state}. */
    static long fnv1a64(long state, byte[] bytes) {
        long h = state;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
