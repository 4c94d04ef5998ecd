package org.dtablecluster.jmx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dtablecluster.monitor.RebalanceResult;
import org.dtablecluster.monitor.RebalanceServlet;

/**
 * A rebalance or dry run as the JSON text a JMX operation returns: readable in JConsole's result
 * dialog and parseable from Jolokia's {@code value}. The same field names as
 * {@code POST /rebalance/} (its body is reused), plus the outcome and the error.
 *
 * <pre>
 * {"outcome": "APPLIED", "moved": 2, "moves": [{"bucket": "0f", "from": "dtable-server-01",
 *  "to": "dtable-server-03"}, ...], "counts": {"dtable-server-01": 86, ...}, "revision": 1234,
 *  "leader": "proxy-01:4711", "error": null}
 * </pre>
 */
final class RebalanceJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RebalanceJson() {
    }

    static String of(RebalanceResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("outcome", r.outcome().name());
        o.setAll(RebalanceServlet.body(r));
        o.put("leader", r.leader().orElse(null));
        o.put("error", r.error().orElse(null));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
        }
    }
}
