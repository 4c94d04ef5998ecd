package org.dtablecluster.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * The path a request is routed by and forwarded with, normalised once so both agree:
 * <ul>
 *   <li>empty segments are dropped, as nginx's {@code merge_slashes} does: SeaTable joins a base
 *       URL ending in {@code /} with a path starting with {@code /}, so {@code //api/v1/…} routes
 *       and is forwarded as {@code /api/v1/…};</li>
 *   <li>{@code .} and {@code ..} segments are resolved (RFC 3986 5.2.4), so
 *       {@code /dtables/A/../B/} is routed by, and forwarded as, {@code /dtables/B/}: the owner
 *       of A never receives B's request; a {@code ..} above the root is refused;</li>
 *   <li>percent-encoded separators ({@code %2F}, {@code %5C}) and percent-encoded dot segments
 *       ({@code %2E%2E}) are refused: a server behind may decode them into a different path than
 *       the one routed. Jetty refuses them before us with its default URI compliance; this keeps
 *       the rule when an operator relaxes that;</li>
 *   <li>characters that must be percent-encoded ({@code \\}, {@code "}, a space, non-ASCII, ...)
 *       and a {@code %} without two hex digits are refused: no URL to the dtable-server can be
 *       built from them. Jetty lets some through (they are "suspicious", not invalid, to it).</li>
 * </ul>
 * An already-normal path, the common case, is returned as the same instance without allocating.
 */
final class RequestPath {

    /** What {@link #problem} says about a path that {@link #normalise} accepts. */
    static final String NO_PROBLEM = "";

    /** RFC 3986 pchar and '/': what may appear in a forwarded path as it is (ASCII only). */
    private static final boolean[] PATH_CHARS = allowed("-._~!$&'()*+,;=:@/%");
    /** A query may also hold '?' (RFC 3986 3.4). */
    private static final boolean[] QUERY_CHARS = allowed("-._~!$&'()*+,;=:@/%?");

    private static boolean[] allowed(String punctuation) {
        boolean[] table = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            table[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            table[c] = true;
            table[c - 'a' + 'A'] = true;
        }
        for (char c : punctuation.toCharArray()) {
            table[c] = true;
        }
        return table;
    }

    private RequestPath() {
    }

    /** The normalised path ({@code path} itself when already normal), or null when refused. */
    static String normalise(String path) {
        if (path == null || isNormal(path)) {
            return path;
        }
        return problem(path).isEmpty() ? resolve(path) : null;
    }

    /**
     * Why a query cannot be forwarded as it is, or {@link #NO_PROBLEM}: a character that must be
     * percent-encoded (a space, {@code "}, {@code \\}, {@code |}, non-ASCII, ...) or a {@code %}
     * without two hex digits. The URL to the dtable-server could not be built from it.
     */
    static String queryProblem(String query) {
        int bad = query == null ? -1 : badCharacter(query, QUERY_CHARS);
        return bad < 0 ? NO_PROBLEM : characterProblem(query, bad, "query");
    }

    /** Why {@link #normalise} refuses {@code path}, or {@link #NO_PROBLEM}. */
    static String problem(String path) {
        if (path == null) {
            return NO_PROBLEM;
        }
        int bad = badCharacter(path, PATH_CHARS);
        if (bad >= 0) {
            return characterProblem(path, bad, "path");
        }
        if (hasEncodedSeparator(path)) {
            return "a percent-encoded '/' or '\\' in the path is refused";
        }
        int depth = 0;
        int n = path.length();
        for (int start = 0; start <= n; ) {
            int end = segmentEnd(path, start);
            int nameEnd = nameEnd(path, start, end);
            String dots = dots(path, start, nameEnd);
            if (dots != null && dots.length() != nameEnd - start) {
                return "a percent-encoded '.' or '..' segment in the path is refused";
            }
            if ("..".equals(dots)) {
                if (depth == 0) {
                    return "'..' climbs above the root of the path";
                }
                depth--;
            } else if (dots == null && nameEnd > start) {
                depth++;
            }
            start = end + 1;
        }
        return NO_PROBLEM;
    }

    /** The index of the first character not in {@code allowed}, or of a bad escape; -1 when none. */
    private static int badCharacter(String text, boolean[] allowed) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 128 || !allowed[c]) {
                return i;
            }
            if (c == '%' && (i + 2 >= n || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0)) {
                return i;
            }
        }
        return -1;
    }

    private static String characterProblem(String text, int index, String part) {
        char c = text.charAt(index);
        return c == '%' ? "a '%' not followed by two hex digits in the " + part + " is refused"
                : String.format("the character U+%04X in the %s must be percent-encoded", (int) c, part);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** True when there is nothing to merge, resolve or refuse: no "//", "." or ".." segment, no odd character. */
    private static boolean isNormal(String path) {
        int n = path.length();
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '%' || c >= 128 || !PATH_CHARS[c]) {
                return false;
            }
            if (c != '/' || i + 1 >= n) {
                continue;
            }
            char next = path.charAt(i + 1);
            if (next == '/' || next == ';') {
                return false;
            }
            if (next == '.') {
                int end = segmentEnd(path, i + 1);
                int nameEnd = nameEnd(path, i + 1, end);
                int length = nameEnd - i - 1;
                if (length == 1 || length == 2 && path.charAt(i + 2) == '.') {
                    return false;
                }
            }
        }
        return true;
    }

    /** Slow path: rebuilds the path from its segments; {@link #problem} has found none. */
    private static String resolve(String path) {
        List<String> segments = new ArrayList<>();
        int n = path.length();
        for (int start = 0; start <= n; ) {
            int end = segmentEnd(path, start);
            int nameEnd = nameEnd(path, start, end);
            String dots = dots(path, start, nameEnd);
            boolean last = end >= n;
            if ("..".equals(dots)) {
                segments.remove(segments.size() - 1);
                if (last) {
                    segments.add("");
                }
            } else if (".".equals(dots)) {
                if (last) {
                    segments.add("");
                }
            } else if (nameEnd > start) {
                segments.add(path.substring(start, end));
            } else if (last && end > start) {
                segments.add(path.substring(start, end)); // ";params" after a final '/'
            } else if (last && !segments.isEmpty()) {
                segments.add(""); // keep a trailing '/'
            }
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String segment : segments) {
            out.append('/').append(segment);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private static boolean hasEncodedSeparator(String path) {
        for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
            char a = path.charAt(i + 1);
            char b = Character.toLowerCase(path.charAt(i + 2));
            if (a == '2' && b == 'f' || a == '5' && b == 'c') {
                return true;
            }
        }
        return false;
    }

    /**
     * "." or ".." when {@code path[from, to)} is a dot segment, written plainly or with
     * {@code %2E}; null otherwise. The caller compares the length to tell the encoded form.
     */
    private static String dots(String path, int from, int to) {
        int count = 0;
        for (int i = from; i < to; count++) {
            if (path.charAt(i) == '.') {
                i++;
            } else if (path.charAt(i) == '%' && i + 2 < to
                    && path.charAt(i + 1) == '2' && Character.toLowerCase(path.charAt(i + 2)) == 'e') {
                i += 3;
            } else {
                return null;
            }
        }
        return count == 1 ? "." : count == 2 ? ".." : null;
    }

    private static int segmentEnd(String path, int start) {
        int slash = path.indexOf('/', start);
        return slash < 0 ? path.length() : slash;
    }

    /** The end of a segment's name: path parameters ({@code ;...}) are not part of it. */
    private static int nameEnd(String path, int start, int end) {
        for (int i = start; i < end; i++) {
            if (path.charAt(i) == ';') {
                return i;
            }
        }
        return end;
    }
}
