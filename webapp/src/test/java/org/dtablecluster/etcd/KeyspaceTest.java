package org.dtablecluster.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.net.URI;
import org.dtablecluster.config.EtcdSettings;
import org.dtablecluster.etcd.Keyspace.AssignKey;
import org.dtablecluster.etcd.Keyspace.MalformedKey;
import org.dtablecluster.etcd.Keyspace.NodeKey;
import org.dtablecluster.etcd.Keyspace.OtherKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyspaceTest {

    private final Keyspace root = Keyspace.root();
    private final Keyspace prefixed = new Keyspace("seatable/");

    @Test
    void rootLayoutIsSeaTablesOwn() {
        assertEquals("dtable-server-01", root.nodeKey("dtable-server-01"));
        assertEquals("assign-00", root.assignKey(0));
        assertEquals("assign-0f", root.assignKey(15));
        assertEquals("assign-8b", root.assignKey(0x8b));
        assertEquals("assign-ff", root.assignKey(255));
        assertEquals("dtable-server-", root.nodeScanPrefix());
        assertEquals("assign-", root.assignScanPrefix());
        assertEquals("dtable-cluster/monitor/leader", root.electionName());
    }

    @Test
    void prefixNamespacesEveryKey() {
        assertEquals("seatable/dtable-server-01", prefixed.nodeKey("dtable-server-01"));
        assertEquals("seatable/assign-a0", prefixed.assignKey(0xa0));
        assertEquals("seatable/dtable-server-", prefixed.nodeScanPrefix());
        assertEquals("seatable/assign-", prefixed.assignScanPrefix());
        assertEquals("seatable/dtable-cluster/monitor/leader", prefixed.electionName());
        assertEquals("seatable/dtable-cluster/x/7f", prefixed.ownKey("x/7f"));
        assertEquals("seatable/", Keyspace.of(new EtcdSettings(List.of(URI.create("http://127.0.0.1:2379")),
                "seatable/", Optional.empty(), Optional.empty(), Duration.ofSeconds(1))).prefix());
    }

    @Test
    void ourOwnKeysNeverLookLikeNodesOrOwners() {
        for (Keyspace ks : List.of(root, prefixed)) {
            for (String key : List.of(ks.electionName(), ks.ownKey("x/dtable-server-01"), ks.ownKey("x/03"),
                    ks.ownKey("x"))) {
                assertFalse(key.substring(ks.prefix().length()).startsWith(Keyspace.NODE_ID_PREFIX), key);
                assertFalse(key.substring(ks.prefix().length()).startsWith(Keyspace.ASSIGN_PREFIX), key);
                assertInstanceOf(OtherKey.class, ks.parse(key), key);
            }
        }
    }

    @Test
    void parsesKeysBack() {
        for (int b = 0; b < 256; b++) {
            assertEquals(new AssignKey(b), root.parse(root.assignKey(b)));
            assertEquals(new AssignKey(b), prefixed.parse(prefixed.assignKey(b)));
        }
        assertEquals(new NodeKey("dtable-server-01"), root.parse("dtable-server-01"));
        assertEquals(new NodeKey("dtable-server-01"), prefixed.parse("seatable/dtable-server-01"));
        assertInstanceOf(OtherKey.class, prefixed.parse("dtable-server-01"), "a root key is not ours under a prefix");
        assertInstanceOf(OtherKey.class, prefixed.parse("assign-01"));
        assertInstanceOf(OtherKey.class, root.parse("etcd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"assign-", "assign-0", "assign-000", "assign-zz", "assign-0g", "assign-0F", "assign-AB",
            "assign- 1", "assign-0f/x", "dtable-server-", "dtable-server-a b", "dtable-server-x/y"})
    void malformedKeysAreReportedNotThrown(String key) {
        MalformedKey m = assertInstanceOf(MalformedKey.class, root.parse(key));
        assertEquals(key, m.key());
        assertFalse(m.reason().isBlank());
    }

    @Test
    void uppercaseAssignKeysSayWhatDtableWebReads() {
        MalformedKey m = assertInstanceOf(MalformedKey.class, root.parse("assign-0F"));
        assertTrue(m.reason().contains("assign-0f"), m.reason());
    }

    @Test
    void rejectsBadNodeIdsAndBuckets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> root.nodeKey("server-01"));
        assertTrue(e.getMessage().contains("dtable-server-"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> root.nodeKey("dtable-server-"));
        assertThrows(IllegalArgumentException.class, () -> root.nodeKey("dtable-server-a/b"));
        assertThrows(IllegalArgumentException.class, () -> root.assignKey(-1));
        assertThrows(IllegalArgumentException.class, () -> root.assignKey(256));
        assertThrows(IllegalArgumentException.class, () -> root.ownKey("/abs"));
    }

    @Test
    void rejectsPrefixesThatARootReaderWouldMisread() {
        assertThrows(IllegalArgumentException.class, () -> new Keyspace("assign-x/"));
        assertThrows(IllegalArgumentException.class, () -> new Keyspace("dtable-server-x/"));
        assertThrows(IllegalArgumentException.class, () -> new Keyspace("a b/"));
    }

    @Test
    void watchRangeCoversBothPrefixesAndNothingBeyond() {
        String end = Keyspace.prefixEnd(root.nodeScanPrefix());
        assertEquals("dtable-server.", end);
        assertTrue(root.assignScanPrefix().compareTo(root.nodeScanPrefix()) < 0);
        assertTrue("dtable-server-zzzz".compareTo(end) < 0);
        assertTrue("dtable-serverz".compareTo(end) > 0);
    }
}
