package org.dtablecluster.proxy;

/** The errors the proxy answers itself, each with its status and stable {@code error} code. */
public enum ProxyError {
    /** A {@code dtables} path segment is followed by something that is not a base id. */
    BAD_BASE_ID(400, "bad_base_id"),
    /**
     * The path climbs above its root with {@code ..}, has a percent-encoded separator or dot
     * segment, or the path or query has a character that must be percent-encoded.
     */
    BAD_PATH(400, "bad_path"),
    /** The base's bucket has no live owner (yet); the client should retry. */
    NO_OWNER(503, "no_owner"),
    /** No dtable-server is live at all. */
    NO_LIVE_NODE(503, "no_live_node"),
    /** The owner refused or dropped the connection. */
    OWNER_REFUSED(502, "owner_refused"),
    /** The owner did not answer within the proxy timeout. */
    OWNER_TIMEOUT(504, "owner_timeout"),
    /** The owner failed in another way, e.g. a malformed response. */
    OWNER_ERROR(502, "owner_error"),
    /** A request asks for a WebSocket upgrade but is not a valid RFC 6455 handshake. */
    BAD_UPGRADE(400, "bad_upgrade"),
    /** The proxy already holds {@code websocket_max_tunnels} open tunnels; the client should retry. */
    TOO_MANY_TUNNELS(503, "too_many_tunnels"),
    /**
     * The proxy's view has been cut off from etcd for longer than the lease TTL minus
     * {@code fence_margin_seconds}: the owner may have changed meanwhile, so it routes no base.
     */
    VIEW_STALE(503, "view_stale"),
    /** The proxy already holds {@code proxy_hold_max_requests} requests of moving buckets. */
    TOO_MANY_HELD(503, "too_many_held");

    private final int status;
    private final String code;

    ProxyError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The stable {@code error} value of the JSON body. */
    public String code() {
        return code;
    }
}
