/** The {@code rendezvous} assignment strategy: highest-random-weight hashing of buckets to nodes. */
package org.dtablecluster.strategy.rendezvous;
