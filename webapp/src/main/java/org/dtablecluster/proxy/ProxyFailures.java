package org.dtablecluster.proxy;

import org.dtablecluster.config.HandoffSettings;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.ClusterSnapshot;

/** The proxy's answers for requests it may not route now: a stale view, a full or expired hold. */
final class ProxyFailures {

    private ProxyFailures() {
    }

    static ProxyFailure viewStale(int bucket, HandoffSettings handoff) {
        return new ProxyFailure(ProxyError.VIEW_STALE, "this proxy has been cut off from etcd for more than "
                + handoff.staleAfter().toSeconds() + " s (lease_ttl_seconds - fence_margin_seconds); bucket "
                + Assignment.hex(bucket) + " may have another owner by now", ProxyFailure.fields(null, bucket));
    }

    static ProxyFailure tooManyHeld(int bucket, HandoffSettings handoff) {
        return new ProxyFailure(ProxyError.TOO_MANY_HELD, "bucket " + Assignment.hex(bucket) + " is changing owner"
                + " and this proxy already holds its maximum of " + handoff.holdMaxRequests()
                + " requests (proxy_hold_max_requests)", ProxyFailure.fields(null, bucket));
    }

    /** A held request's wait ran out: its bucket still has no owner this proxy may send it to. */
    static ProxyFailure heldTooLong(Exchange exchange, ClusterSnapshot snapshot, HandoffSettings handoff) {
        int bucket = exchange.bucket();
        String why = bucket < 0 ? "its bucket is still changing owner"
                : snapshot.moves().moving(bucket) ? "bucket " + Assignment.hex(bucket) + " is still in handoff"
                : snapshot.liveOwner(bucket) == null ? "bucket " + Assignment.hex(bucket) + " still has no live dtable-server"
                : "bucket " + Assignment.hex(bucket) + " is still changing owner";
        return new ProxyFailure(ProxyError.NO_OWNER, "the request waited " + handoff.holdTimeout().toSeconds()
                + " s (proxy_hold_timeout_seconds) and " + why + " (view rev=" + snapshot.revision() + ")",
                ProxyFailure.fields(null, bucket));
    }

    /** Jetty's failure messages dump whole connection states; the class and a line are enough. */
    static String brief(Throwable failure) {
        String text = String.valueOf(failure);
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
