package org.dtablecluster.proxy;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Sorts a failed exchange with a dtable-server into the proxy's error kinds. */
public final class UpstreamFailures {

    private static final int MAX_CAUSES = 16;

    private UpstreamFailures() {
    }

    public static ProxyError classify(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof TimeoutException) {
                return ProxyError.OWNER_TIMEOUT;
            }
            // Refused, reset, or closed before the answer was complete: the server is not there.
            if (t instanceof ConnectException || t instanceof SocketException
                    || t instanceof ClosedChannelException || t instanceof EOFException) {
                return ProxyError.OWNER_REFUSED;
            }
        }
        return ProxyError.OWNER_ERROR;
    }
}
