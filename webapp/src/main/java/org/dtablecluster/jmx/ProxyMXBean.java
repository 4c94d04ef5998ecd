package org.dtablecluster.jmx;

import java.util.Map;

/** {@code org.dtablecluster:type=Proxy}: the proxy role's counters since this process started. */
@Description("The proxy of this process: requests forwarded to the dtable-server owning each base, and the errors"
        + " it answered itself. Counters since start.")
public interface ProxyMXBean {

    @Description("Requests forwarded to a dtable-server, all nodes together.")
    long getRequestsForwarded();

    @Description("Requests forwarded per node id; nodes never forwarded to are absent.")
    Map<String, Long> getForwardedByNode();

    @Description("Errors the proxy answered itself, by stable error code: bad_base_id (400), no_owner and"
            + " no_live_node (503), owner_refused and owner_error (502), owner_timeout (504), and for WebSocket upgrades"
            + " bad_upgrade (400) and too_many_tunnels (503), view_stale and too_many_held (503). A request forwarded"
            + " and then failed counts as forwarded too.")
    Map<String, Long> getErrorsByKind();

    @Description("All errors the proxy answered itself, every kind together.")
    long getErrors();

    @Description("Requests whose client went away, or whose body failed, while being forwarded.")
    long getClientAborts();

    @Description("WebSocket tunnels open now, all nodes together.")
    int getOpenTunnels();

    @Description("WebSocket tunnels open now per owner node id.")
    Map<String, Integer> getOpenTunnelsByNode();

    @Description("WebSocket tunnels closed since start, by reason: client_closed, owner_closed (codes relayed),"
            + " bucket_moved (1012), owner_lost (1001), relay_failed (1011), idle_timeout (1001),"
            + " message_too_big (1009), proxy_stopping (1001).")
    Map<String, Long> getTunnelsClosedByReason();

    @Description("Requests held now because their bucket is in handoff, has no live owner, or waits for a"
            + " dtable-server's refusal (421) to be followed by a change of the view.")
    int getRequestsHeldNow();

    @Description("Requests ever held (one held twice counts twice).")
    long getRequestsHeld();

    @Description("Held requests answered 503 no_owner after proxy_hold_timeout_seconds.")
    long getHeldExpired();

    @Description("Requests answered 503 too_many_held because proxy_hold_max_requests were held already.")
    long getHeldRejected();

    @Description("Requests a dtable-server refused with 421 not_owner that were sent once more.")
    long getRetriesAfter421();

    @Description("Requests answered 503 view_stale: the view was cut off from etcd longer than the lease TTL"
            + " minus fence_margin_seconds.")
    long getViewStaleAnswers();
}
