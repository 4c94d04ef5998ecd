/**
 * {@link org.dtablecluster.concurrent.EventLoop}: the one-thread loop on which each role (the node
 * agent, the monitor and its election) does all its work, so its state needs no locks.
 */
package org.dtablecluster.concurrent;
