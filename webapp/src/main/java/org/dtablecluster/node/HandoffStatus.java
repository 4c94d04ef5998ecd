package org.dtablecluster.node;

import java.time.Instant;

/**
 * The agent's side of one owner at a time, for JMX and the status page.
 *
 * @param enabled whether the agent tells its dtable-server what it owns (a hook is configured),
 *     and so registers the {@code handoff} capability; all else is empty without it
 * @param fenced whether the agent gave up claiming because no keep-alive was acknowledged for TTL
 *     minus the fence margin (until it registers again)
 * @param validUntil the latest {@code valid_until_ms} handed to the dtable-server with buckets to
 *     serve; {@code null} when none
 * @param confirmedOwned how many buckets the dtable-server last confirmed serving; -1 before its
 *     first confirmation
 * @param releasesWritten {@code released/xx} keys written since start
 * @param acceptancesWritten {@code accepted/xx} keys written since start
 */
public record HandoffStatus(boolean enabled, boolean fenced, Instant validUntil, int confirmedOwned,
        long releasesWritten, long acceptancesWritten) {

    /** Without a hook. */
    public static final HandoffStatus OFF = new HandoffStatus(false, false, null, -1, 0, 0);
}
