package org.dtablecluster.jmx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dtablecluster.json.Json;
import org.dtablecluster.monitor.RebalanceResult;

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

    private RebalanceJson() {
    }

    static String of(RebalanceResult r) {
        ObjectNode o = Json.object();
        o.put("outcome", r.outcome().name());
        o.setAll(r.toJson());
        o.put("leader", r.leader().orElse(null));
        o.put("error", r.error().orElse(null));
        return Json.pretty(o);
    }
}
