package org.dtablecluster;

/**
 * Base ids (UUIDs) to buckets, the way dtable-web computes them: the first two hex digits.
 * Accepts the 36-character dashed form and the 32-character hex form, in any case. Runs on every
 * proxied request, so it reads characters in place: no regex, no substring, no allocation.
 */
public final class BaseIds {

    /** What {@link #bucketOf} returns for text that is not a base id. */
    public static final int NOT_A_BASE_ID = -1;

    private BaseIds() {
    }

    /** The bucket (0..255) of {@code text}, or {@link #NOT_A_BASE_ID}; {@code null} is not one. */
    public static int bucketOf(CharSequence text) {
        return text == null ? NOT_A_BASE_ID : bucketOf(text, 0, text.length());
    }

    /**
     * The bucket (0..255) when {@code text[from, to)} is exactly a base id, else
     * {@link #NOT_A_BASE_ID}.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code text}
     */
    public static int bucketOf(CharSequence text, int from, int to) {
        if (from < 0 || to > text.length() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") is outside a text of " + text.length());
        }
        int length = to - from;
        if (length == 36) {
            for (int i = 0; i < 36; i++) {
                char c = text.charAt(from + i);
                boolean dashPosition = i == 8 || i == 13 || i == 18 || i == 23;
                if (dashPosition ? c != '-' : hexValue(c) < 0) {
                    return NOT_A_BASE_ID;
                }
            }
        } else if (length == 32) {
            for (int i = 0; i < 32; i++) {
                if (hexValue(text.charAt(from + i)) < 0) {
                    return NOT_A_BASE_ID;
                }
            }
        } else {
            return NOT_A_BASE_ID;
        }
        return hexValue(text.charAt(from)) << 4 | hexValue(text.charAt(from + 1));
    }

    /** True when {@code text} is a base id in either form. */
    public static boolean isBaseId(CharSequence text) {
        return bucketOf(text) != NOT_A_BASE_ID;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
