package org.dtablecluster.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeterministicBytesTest {

    @Test
    void theSequenceDoesNotDependOnHowItIsChunked() {
        byte[] whole = new byte[1000];
        new DeterministicBytes(5).fill(whole, 0, 1000);
        byte[] pieces = new byte[1000];
        DeterministicBytes bytes = new DeterministicBytes(5);
        bytes.fill(pieces, 0, 3);
        bytes.fill(pieces, 3, 500);
        bytes.fill(pieces, 503, 497);
        assertArrayEquals(whole, pieces);
    }

    @Test
    void streamAndShaAgree() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = DeterministicBytes.stream(100_001, 3)) {
            digest.update(in.readAllBytes());
        }
        assertEquals(DeterministicBytes.sha256(100_001, 3), HexFormat.of().formatHex(digest.digest()));
        assertNotEquals(DeterministicBytes.sha256(100_001, 3), DeterministicBytes.sha256(100_001, 4));
    }
}
