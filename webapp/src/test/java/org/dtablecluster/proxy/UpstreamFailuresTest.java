package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UpstreamFailuresTest {

    @Test
    void timeoutsAnywhereInTheChainAreTimeouts() {
        assertEquals(ProxyError.OWNER_TIMEOUT, UpstreamFailures.classify(new TimeoutException("Total timeout 500 ms elapsed")));
        assertEquals(ProxyError.OWNER_TIMEOUT, UpstreamFailures.classify(new ExecutionException(new TimeoutException())));
    }

    @Test
    void refusedResetAndClosedAreRefusals() {
        assertEquals(ProxyError.OWNER_REFUSED, UpstreamFailures.classify(new ConnectException("Connection refused")));
        assertEquals(ProxyError.OWNER_REFUSED, UpstreamFailures.classify(new SocketException("Connection reset")));
        assertEquals(ProxyError.OWNER_REFUSED, UpstreamFailures.classify(new IOException(new EOFException())));
    }

    @Test
    void anythingElseIsAnOwnerError() {
        assertEquals(ProxyError.OWNER_ERROR, UpstreamFailures.classify(new IllegalStateException("bad response")));
        assertEquals(ProxyError.OWNER_ERROR, UpstreamFailures.classify(null));
    }
}
