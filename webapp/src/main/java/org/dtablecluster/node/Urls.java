package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** URL helpers for calls to the local dtable-server. */
final class Urls {

    private Urls() {
    }

    /**
     * {@code base} with {@code path} appended under its own path, with exactly one {@code /}
     * between them: the seed configs' {@code local_node_url} ends with {@code /} and paths start
     * with one, and {@code http://host//ping/} would miss nginx's {@code /ping/} location.
     * {@link URI#resolve} is not used because it would drop a path prefix of the base such as
     * {@code /dtable-server/}.
     */
    static URI join(URI base, String path) {
        requireNonNull(base, "base is null");
        requireNonNull(path, "path is null");
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return URI.create(b + "/" + p);
    }
}
