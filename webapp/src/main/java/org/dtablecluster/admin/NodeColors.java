package org.dtablecluster.admin;

import java.nio.charset.StandardCharsets;

/**
 * A colour per node id: the same on every page, in every process and after every restart (a
 * function of the id alone, not of the nodes on the page), light enough for dark text.
 *
 * <p>Node ids are usually a common prefix and a number ({@code dtable-server-01}, {@code -02},
 * ...). A plain hash of such ids often lands on nearly the same hue, so the number steps the hue
 * by the golden angle instead, which keeps any run of consecutive numbers far apart on the colour
 * wheel; the prefix only shifts the starting point.
 */
final class NodeColors {

    private static final double GOLDEN = 0.6180339887498949;

    private NodeColors() {
    }

    /** A CSS colour such as {@code hsl(212 60% 66%)}. */
    static String of(String nodeId) {
        int digits = trailingDigits(nodeId);
        String prefix = nodeId.substring(0, nodeId.length() - digits);
        long number = digits == 0 ? 0 : Long.parseLong(nodeId.substring(nodeId.length() - digits));
        long index = (fnv1a(prefix) & 0xffffL) + number;
        double turn = (index * GOLDEN) % 1.0;
        int hue = (int) Math.round(turn * 360) % 360;
        int lightness = 62 + (int) (index % 3) * 5;
        return "hsl(" + hue + " 60% " + lightness + "%)";
    }

    // Up to 9 digits, so the number always fits.
    private static int trailingDigits(String id) {
        int n = 0;
        while (n < 9 && n < id.length() && Character.isDigit(id.charAt(id.length() - 1 - n))
                && id.charAt(id.length() - 1 - n) < 128) {
            n++;
        }
        return n;
    }

    private static int fnv1a(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }
}
