package org.dtablecluster.monitor;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import java.time.Instant;

/**
 * One term of leadership: the election key etcd created for our campaign, and the lease it
 * lives on. Writes are guarded by {@link #guard()}, so once this key is gone (lease revoked or
 * expired, resigned) etcd refuses them, whatever this process still believes.
 *
 * @param key the election key, {@code <election name>/<lease id in hex>}
 * @param createRevision the revision that created it, as the campaign returned it
 * @param leaseId the lease the key is attached to
 * @param since when this instance learnt it leads
 */
record Leadership(ByteSequence key, long createRevision, long leaseId, Instant since) {

    Leadership {
        requireNonNull(key, "key is null");
        requireNonNull(since, "since is null");
        if (createRevision <= 0) {
            throw new IllegalArgumentException("createRevision must be > 0, was " + createRevision);
        }
    }

    /**
     * True while this exact key exists: a new campaign, even on the same name with the same lease
     * id, creates a key with another create revision.
     */
    Cmp guard() {
        return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(createRevision));
    }

    @Override
    public String toString() {
        return "Leadership[lease=" + Long.toHexString(leaseId) + " rev=" + createRevision + "]";
    }
}
