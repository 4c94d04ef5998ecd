package org.dtablecluster.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UpgradeRequestsTest {

    @Test
    void aValidHandshakeHasNoProblem() {
        assertNull(UpgradeRequests.problem("GET", "HTTP/1.1", "keep-alive, Upgrade", "abc==", "13"));
    }

    @Test
    void eachMissingPieceIsNamed() {
        assertTrue(UpgradeRequests.problem("POST", "HTTP/1.1", "Upgrade", "k", "13").contains("GET"));
        assertTrue(UpgradeRequests.problem("GET", "HTTP/1.0", "Upgrade", "k", "13").contains("HTTP/1.1"));
        assertTrue(UpgradeRequests.problem("GET", "HTTP/1.1", "keep-alive", "k", "13").contains("Connection"));
        assertTrue(UpgradeRequests.problem("GET", "HTTP/1.1", "Upgrade", null, "13").contains("Sec-WebSocket-Key"));
        assertTrue(UpgradeRequests.problem("GET", "HTTP/1.1", "Upgrade", "k", "8").contains("13"));
    }

    @Test
    void handshakeAndHopByHopHeadersStayWithTheProxy() {
        assertFalse(UpgradeRequests.passesBack("Sec-WebSocket-Accept"));
        assertFalse(UpgradeRequests.passesBack("connection"));
        assertTrue(UpgradeRequests.passesBack("Set-Cookie"));
    }

    @Test
    void httpTargetsBecomeWebSocketTargets() {
        assertEquals("ws://10.0.0.1:8080/socket.io/?EIO=4", TunnelOpener.webSocketUri("http://10.0.0.1:8080/socket.io/?EIO=4").toString());
        assertEquals("wss://node.example.com/x", TunnelOpener.webSocketUri("HTTPS://node.example.com/x").toString());
    }

    @Test
    void utf8LengthsCountBytesNotChars() {
        assertEquals(1 + 2 + 3 + 4, Utf8.length("aü€😀"));
    }
}
