/** The default assignment strategy, {@code sticky-balanced}. */
package org.dtablecluster.strategy.sticky;
