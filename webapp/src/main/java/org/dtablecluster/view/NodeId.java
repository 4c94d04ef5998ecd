package org.dtablecluster.view;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A node's id, such as {@code dtable-server-01}: the one place that knows what one may be.
 *
 * <ul>
 *   <li>Every id starts with {@link #PREFIX}, with a name after it, because dtable-web finds
 *       nodes by scanning that prefix; it has no {@code /}, whitespace or control characters
 *       (it is an etcd key). Registrations read from etcd, SeaTable's own among them, are held
 *       to this.
 *   <li>An id this process registers itself is also {@link #isPortable portable}: only letters,
 *       digits, {@code .}, {@code _} and {@code -}, as it also appears in URLs and file names.
 * </ul>
 *
 * @param value the id as written in etcd
 */
public record NodeId(String value) implements Comparable<NodeId> {

    /** Every node id starts with this; dtable-web finds nodes by scanning it. */
    public static final String PREFIX = "dtable-server-";

    private static final Pattern PORTABLE = Pattern.compile("[A-Za-z0-9._-]+");

    public NodeId {
        String problem = problem(requireNonNull(value, "node id is null"));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /**
     * Checks an id read as text.
     *
     * @return {@code id}
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String check(String id) {
        return new NodeId(id).value();
    }

    /** What is wrong with {@code id} as a node id; {@code null} when nothing is. */
    public static String problem(String id) {
        if (!id.startsWith(PREFIX)) {
            return "node id must start with '" + PREFIX + "' (dtable-web finds nodes by that prefix), was '" + id
                    + "'";
        }
        if (id.length() == PREFIX.length()) {
            return "node id needs a name after '" + PREFIX + "'";
        }
        if (id.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "node id must not contain '/', whitespace or control characters, was '" + id + "'";
        }
        return null;
    }

    /** Whether {@code id} is made of letters, digits, {@code .}, {@code _} and {@code -} only. */
    public static boolean isPortable(String id) {
        return PORTABLE.matcher(id).matches();
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
