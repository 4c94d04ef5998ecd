/**
 * Port 5550: every internal request goes to the dtable-server that owns its base.
 *
 * <ul>
 *   <li>Routing is pure: {@code RequestPath} normalises the path, {@code Router} and
 *       {@code BaseLocator} find the base (a UUID path segment, the {@code dtable_uuid}
 *       parameter, the JWT claim) and give a {@code RouteDecision} from one snapshot.</li>
 *   <li>One owner at a time: {@code OwnershipGate} decides, from the snapshot and this proxy's
 *       {@code LegacyMoves}, whether a bucket's request is forwarded, held (its bucket is in
 *       handoff, or has no live owner) or refused because the view is stale;
 *       {@code HeldRequests} parks held requests in a bounded {@code HoldQueue} and routes them
 *       again when the view changes; a request a dtable-server refused with 421 is sent once
 *       more ({@code RetryingResponseListener}, with the body {@code BodyReader} kept).</li>
 *   <li>{@code BucketProxyServlet}, a Jetty {@code AsyncProxyServlet}, does the forwarding
 *       through Jetty's hooks ({@code SmallAnswers} copies small answers without a thread
 *       hand-off); {@code ProxyAnswers} and {@code JsonErrors} write the JSON answers
 *       the proxy makes itself; {@code PortRoleFilter} keeps the proxy and admin ports apart.</li>
 *   <li>{@code ProxyMetrics} and {@code TunnelMetrics} count what JMX, {@code /status} and
 *       {@code /metrics} show.</li>
 * </ul>
 */
package org.dtablecluster.proxy;
