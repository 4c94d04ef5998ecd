/** The {@code weighted} assignment strategy: buckets in proportion to each node's weight. */
package org.dtablecluster.strategy.weighted;
