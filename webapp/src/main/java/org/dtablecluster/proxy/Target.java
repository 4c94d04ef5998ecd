package org.dtablecluster.proxy;

import org.dtablecluster.spi.Assignment;
import org.dtablecluster.view.NodeEntry;

/** The node a request was sent to, and the bucket it named (-1: none), for errors and logs. */
record Target(NodeEntry node, int bucket) {

    String bucketText() {
        return bucket < 0 ? "-" : Assignment.hex(bucket);
    }
}
