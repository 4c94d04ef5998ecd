/**
 * WebSocket tunnels on the proxy port: an upgrade request is routed like any request, the owner's
 * WebSocket is opened first (so a refusal or a timeout still gets a JSON HTTP answer), then the
 * client's request is upgraded and frames are relayed both ways, one frame in flight per
 * direction. {@link org.dtablecluster.tunnel.TunnelRegistry} holds the open tunnels by bucket and
 * closes them when the bucket moves or its owner is lost.
 */
package org.dtablecluster.tunnel;
