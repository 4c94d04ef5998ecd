package org.dtablecluster.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Copies a dtable-server's answer headers to the client's response, as Jetty's
 * {@code AbstractProxyServlet.onServerResponseHeaders} does: hop-by-hop headers dropped, the
 * first field of a name replacing what the container set (its own {@code Date}, {@code Server}),
 * repeated fields kept.
 *
 * <p>Why our own: Jetty's version splits every value as a comma-separated list and joins it again,
 * lower-cases every name and fills a set of them, for every answer; that was the largest single
 * share of the proxy's allocations (bench/proxy-profile). Here each value passes byte for byte, and
 * a name is compared only with the few fields before it.
 */
final class AnswerHeaders {

    /** Jetty's {@code HOP_HEADERS}; every name of it is a known header, so parsed fields carry it. */
    private static final Set<HttpHeader> HOP_BY_HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION,
            HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE);

    private AnswerHeaders() {
    }

    /**
     * Copies {@code from} into {@code to}; {@code filter} may change a field or drop it (null). A
     * field it drops still counts as the first of its name.
     */
    static void copy(HttpFields from, HttpServletResponse to, UnaryOperator<HttpField> filter) {
        for (int i = 0; i < from.size(); i++) {
            HttpField field = from.getField(i);
            if (isHopByHop(field)) {
                continue;
            }
            HttpField copied = filter.apply(field);
            if (copied == null) {
                continue;
            }
            if (seenBefore(from, i, field.getName())) {
                to.addHeader(copied.getName(), copied.getValue());
            } else {
                to.setHeader(copied.getName(), copied.getValue());
            }
        }
    }

    private static boolean isHopByHop(HttpField field) {
        HttpHeader header = field.getHeader();
        return header != null && HOP_BY_HOP.contains(header);
    }

    private static boolean seenBefore(HttpFields fields, int index, String name) {
        for (int j = 0; j < index; j++) {
            if (fields.getField(j).getName().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
