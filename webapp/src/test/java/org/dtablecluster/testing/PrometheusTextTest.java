package org.dtablecluster.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser accepts the format and refuses what Prometheus would refuse. */
class PrometheusTextTest {

    private static final String GOOD = """
            # HELP req_total Requests, "quoted" \\\\ and \\n.
            # TYPE req_total counter
            req_total{node="a",code="x\\"y\\\\z\\n"} 3
            req_total{node="b"} 1.5e2 1700000000000
            # TYPE lat_seconds histogram
            lat_seconds_bucket{le="0.1"} 1
            lat_seconds_bucket{le="+Inf"} 2
            lat_seconds_count 2
            lat_seconds_sum 0.3
            # a comment
            up NaN
            """;

    @Test
    void parsesFamiliesSamplesAndEscapes() {
        PrometheusText p = PrometheusText.parse(GOOD);

        assertEquals("counter", p.family("req_total").type());
        assertEquals("Requests, \"quoted\" \\ and \n.", p.family("req_total").help());
        assertEquals(3, p.value("req_total", "node", "a", "code", "x\"y\\z\n"));
        assertEquals(150, p.value("req_total", "node", "b"));
        assertEquals(153, p.sum("req_total"));
        assertEquals(4, p.family("lat_seconds").samples().size());
        assertEquals("untyped", p.family("up").type());
        assertEquals(Map.of("le", "+Inf"), p.samples("lat_seconds_bucket").get(1).labels());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a 1",                                          // no final newline
        "1a 1\n",                                       // bad name
        "a{1b=\"x\"} 1\n",                              // bad label name
        "a{b=x} 1\n",                                   // unquoted value
        "a{b=\"\\t\"} 1\n",                             // bad escape
        "a{b=\"x\",b=\"y\"} 1\n",                       // label twice
        "a 1d\n",                                       // Java-only number
        "a 0x10\n",                                     // hex
        "a 1\na 2\n",                                   // repeated series
        "a 1\nb 1\na{x=\"y\"} 1\n",                     // family split up
        "a 1\n# TYPE a gauge\n",                        // TYPE after samples
        "# TYPE a gauge\n# TYPE a gauge\n",             // TYPE twice
        "# TYPE a meter\n",                             // unknown type
        "# TYPE c_total counter\nc_total -1\n",         // negative counter
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n", // not cumulative
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\nh_sum 1\n", // +Inf != count
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",          // no sum
        "a 1 12.5\n",                                   // bad timestamp
    })
    void refuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text));
    }
}
