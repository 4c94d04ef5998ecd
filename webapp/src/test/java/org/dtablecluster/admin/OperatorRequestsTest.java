package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Optional;
import org.dtablecluster.admin.OperatorRequests.Command;
import org.dtablecluster.admin.OperatorRequests.Refusal;
import org.dtablecluster.monitor.OperatorCommand;
import org.junit.jupiter.api.Test;

class OperatorRequestsTest {

    private static OperatorCommand command(String method, String path, String dryRun, String body) {
        return assertInstanceOf(Command.class, OperatorRequests.parse(method, path, dryRun, body, "alice")).command();
    }

    private static Refusal refusal(String method, String path, String dryRun, String body) {
        return assertInstanceOf(Refusal.class, OperatorRequests.parse(method, path, dryRun, body, "alice"));
    }

    @Test
    void drainsAndUndrainsANode() {
        assertEquals(new OperatorCommand.Drain("dtable-server-02", "alice", false),
                command("POST", "/nodes/dtable-server-02/drain", null, ""));
        assertEquals(new OperatorCommand.Drain("dtable-server-02", "alice", true),
                command("POST", "/nodes/dtable-server-02/drain", "true", ""));
        assertEquals(new OperatorCommand.Undrain("dtable-server-02", "alice", false),
                command("POST", "/nodes/dtable-server-02/undrain", "false", ""));
    }

    @Test
    void pinsAndUnpinsABucketInEitherCase() {
        assertEquals(new OperatorCommand.Pin(0x3f, "dtable-server-01", "alice", false),
                command("PUT", "/buckets/3F/pin", null, "{\"node_id\": \"dtable-server-01\"}"));
        assertEquals(new OperatorCommand.Unpin(0x00, "alice", true), command("DELETE", "/buckets/00/pin", "TRUE", ""));
    }

    @Test
    void refusesMalformedIdsBucketsAndBodiesWith400() {
        assertEquals("bad_node_id", refusal("POST", "/nodes/server-02/drain", null, "").error());
        assertEquals(400, refusal("POST", "/nodes/server-02/drain", null, "").status());
        assertEquals("bad_bucket", refusal("PUT", "/buckets/3g/pin", null, "{\"node_id\": \"dtable-server-01\"}")
                .error());
        assertEquals("bad_bucket", refusal("DELETE", "/buckets/100/pin", null, "").error());
        assertEquals("bad_body", refusal("PUT", "/buckets/3f/pin", null, "").error());
        assertEquals("bad_body", refusal("PUT", "/buckets/3f/pin", null, "{\"node\": \"dtable-server-01\"}").error());
        assertEquals("bad_body", refusal("PUT", "/buckets/3f/pin", null, "not json").error());
        assertEquals("bad_body", refusal("PUT", "/buckets/3f/pin", null, "{\"node_id\": 3}").error());
        assertEquals("bad_node_id", refusal("PUT", "/buckets/3f/pin", null, "{\"node_id\": \"server 1\"}").error());
        assertEquals("bad_parameter", refusal("POST", "/nodes/dtable-server-02/drain", "yes", "").error());
    }

    @Test
    void otherMethodsAre405WithAllowAndOtherPaths404() {
        Refusal get = refusal("GET", "/nodes/dtable-server-02/drain", null, "");
        assertEquals(405, get.status());
        assertEquals(Optional.of("POST"), get.allow());
        assertEquals(Optional.of("PUT, DELETE"), refusal("POST", "/buckets/3f/pin", null, "").allow());
        assertEquals(404, refusal("POST", "/nodes/dtable-server-02/evict", null, "").status());
        assertEquals(404, refusal("POST", "/nodes/dtable-server-02", null, "").status());
        assertEquals(404, refusal("POST", "/nodes/dtable-server-02/drain/now", null, "").status());
        assertEquals(404, refusal("PUT", "/buckets/3f/unpin", null, "").status());
    }
}
