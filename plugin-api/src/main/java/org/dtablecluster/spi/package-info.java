/**
 * The assignment-strategy SPI of dtable-cluster.
 *
 * <p>Bases are grouped into buckets by the first two hex characters of their UUID; the monitor
 * leader asks an {@link org.dtablecluster.spi.AssignmentStrategy} which live node should own
 * each bucket and writes the answer to etcd. A strategy is a pure function of an immutable
 * {@link org.dtablecluster.spi.AssignmentRequest}; the monitor does all I/O. The request also
 * carries the operator's drains and pins, which every strategy honours, natively or through
 * {@link org.dtablecluster.spi.OperatorIntentAdapter}.
 *
 * <p>This package has no runtime dependencies and grows only by default methods, so a plugin
 * built against an older version keeps working.
 */
package org.dtablecluster.spi;
