package org.dtablecluster.simulator;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The pseudo-random bytes the download endpoint streams: a SplitMix64 sequence, fixed by its seed,
 * so a test can compute the expected SHA-256 (or produce the same bytes as an upload) without the
 * simulator ever holding the content.
 */
public final class DeterministicBytes {

    private long state;
    private long word;
    private int wordBytesLeft;

    public DeterministicBytes(long seed) {
        this.state = seed;
    }

    /** Fills {@code buffer[offset..offset+length)} with the next bytes of the sequence. */
    public void fill(byte[] buffer, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (wordBytesLeft == 0) {
                word = next();
                wordBytesLeft = 8;
            }
            buffer[i] = (byte) word;
            word >>>= 8;
            wordBytesLeft--;
        }
    }

    /** The lowercase hex SHA-256 of the first {@code size} bytes of the sequence for {@code seed}. */
    public static String sha256(long size, long seed) {
        MessageDigest digest = newSha256();
        DeterministicBytes bytes = new DeterministicBytes(seed);
        byte[] buffer = new byte[64 * 1024];
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(buffer.length, left);
            bytes.fill(buffer, 0, n);
            digest.update(buffer, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The first {@code size} bytes of the sequence as a stream, e.g. an upload body. */
    public static InputStream stream(long size, long seed) {
        return new InputStream() {
            private final DeterministicBytes bytes = new DeterministicBytes(seed);
            private final byte[] one = new byte[1];
            private long left = size;

            @Override
            public int read() {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                bytes.fill(b, off, n);
                left -= n;
                return n;
            }
        };
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
