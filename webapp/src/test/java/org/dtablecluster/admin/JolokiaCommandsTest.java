package org.dtablecluster.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What counts as a Jolokia read; anything doubtful must count as a change. */
class JolokiaCommandsTest {

    @Test
    void getReadsByTheFirstPathSegment() {
        assertTrue(JolokiaCommands.getOnlyReads("/read/java.lang:type=Memory/HeapMemoryUsage", null));
        assertTrue(JolokiaCommands.getOnlyReads("/list", null));
        assertTrue(JolokiaCommands.getOnlyReads("/search/org.dtablecluster:*", null));
        assertTrue(JolokiaCommands.getOnlyReads("/version", null));
        assertTrue(JolokiaCommands.getOnlyReads(null, null), "no path is version");
        assertTrue(JolokiaCommands.getOnlyReads("/", null));

        assertFalse(JolokiaCommands.getOnlyReads("/exec/org.dtablecluster:type=Monitor/rebalance", null));
        assertFalse(JolokiaCommands.getOnlyReads("/EXEC/java.lang:type=Memory/gc", null));
        assertFalse(JolokiaCommands.getOnlyReads("//exec/java.lang:type=Memory/gc", null));
        assertFalse(JolokiaCommands.getOnlyReads("/write/java.lang:type=Memory/Verbose/true", null));
        assertFalse(JolokiaCommands.getOnlyReads("/notification/register", null));
        assertFalse(JolokiaCommands.getOnlyReads("/re!/ad/x", null), "escaped or unknown: a change");
    }

    @Test
    void getLooksAtThePathParameterToo() {
        assertFalse(JolokiaCommands.getOnlyReads(null, "/exec/java.lang:type=Memory/gc"));
        assertFalse(JolokiaCommands.getOnlyReads("/read/x:y=z/A", "/exec/java.lang:type=Memory/gc"));
        assertTrue(JolokiaCommands.getOnlyReads(null, "/read/java.lang:type=Memory/Verbose"));
    }

    @Test
    void leaderOnlyAreTheMonitorsOperationsThatChangeTheCluster() {
        assertTrue(JolokiaCommands.getLeaderOnly("/exec/org.dtablecluster:type=Monitor/drain/dtable-server-01"));
        assertTrue(JolokiaCommands.getLeaderOnly("/exec/org.dtablecluster:type=Monitor/rebalance"));
        assertTrue(JolokiaCommands.getLeaderOnly("exec/org.dtablecluster:type=Monitor/pin(java.lang.String,java.lang.String)/3f/x"));
        assertFalse(JolokiaCommands.getLeaderOnly("/exec/org.dtablecluster:type=Monitor/refresh"));
        assertFalse(JolokiaCommands.getLeaderOnly("/exec/java.lang:type=Memory/gc"));
        assertFalse(JolokiaCommands.getLeaderOnly("/read/org.dtablecluster:type=Monitor/Leader"));
        assertFalse(JolokiaCommands.getLeaderOnly(null));
        String drain = "{\"type\":\"exec\",\"mbean\":\"org.dtablecluster:type=Monitor\",\"operation\":\"drain\",\"arguments\":[\"a\"]}";
        assertTrue(JolokiaCommands.postLeaderOnly(drain.getBytes(UTF_8)));
        assertTrue(JolokiaCommands.postLeaderOnly(("[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}," + drain + "]")
                .getBytes(UTF_8)), "a bulk with one leader-only operation");
        assertFalse(JolokiaCommands.postLeaderOnly("{\"type\":\"exec\",\"mbean\":\"org.dtablecluster:type=Node,name=x\",\"operation\":\"drain\"}"
                .getBytes(UTF_8)));
        assertFalse(JolokiaCommands.postLeaderOnly("not json".getBytes(UTF_8)));
    }

    @Test
    void postNeedsEveryRequestToBeARead() {
        assertTrue(post("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}"));
        assertTrue(post("{\"type\":\"READ\",\"mbean\":\"java.lang:type=Memory\"}"));
        assertTrue(post("[{\"type\":\"version\"},{\"type\":\"list\"},{\"type\":\"search\",\"mbean\":\"*:*\"}]"));

        assertFalse(post("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}"));
        assertFalse(post("[{\"type\":\"read\"},{\"type\":\"exec\"}]"), "one exec in a bulk request");
        assertFalse(post("{\"type\":\"read\",\"type\":\"exec\"}"), "a duplicate key could be read either way");
        assertFalse(post("{\"mbean\":\"java.lang:type=Memory\"}"), "no type");
        assertFalse(post("{\"type\":[\"read\"]}"), "a type that is not a string");
        assertFalse(post("[]"));
        assertFalse(post("[\"read\"]"));
        assertFalse(post("type=read"), "not JSON");
        assertFalse(post(""));
    }

    private static boolean post(String body) {
        return JolokiaCommands.postOnlyReads(body.getBytes(UTF_8));
    }
}
