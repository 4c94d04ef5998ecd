package org.dtablecluster.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;
import org.dtablecluster.proxy.TunnelClosure;
import org.dtablecluster.view.BucketMoves;
import org.dtablecluster.view.ClusterSnapshot;
import org.dtablecluster.view.Handoff;
import org.junit.jupiter.api.Test;

class TunnelVerdictsTest {

    static final URI ONE = URI.create("http://10.0.0.1/");
    static final URI TWO = URI.create("http://10.0.0.2/");

    @Test
    void aTunnelStaysWhileItsNodeOwnsTheBucket() {
        ClusterSnapshot s = WebSocketTunnelTest.snapshot(1, Map.of("dtable-server-01", ONE, "dtable-server-02", TWO),
                b -> b < 128 ? "dtable-server-01" : "dtable-server-02");
        assertNull(TunnelVerdicts.verdict(0x10, "dtable-server-01", s));
        assertNull(TunnelVerdicts.verdict(-1, "dtable-server-02", s), "a tunnel that named no base stays on a live node");
    }

    @Test
    void anotherOwnerOrNoneIsAMove() {
        ClusterSnapshot s = WebSocketTunnelTest.snapshot(2, Map.of("dtable-server-01", ONE, "dtable-server-02", TWO),
                b -> b == 0x10 ? "dtable-server-02" : b == 0x11 ? null : "dtable-server-01");
        assertEquals(TunnelClosure.BUCKET_MOVED, TunnelVerdicts.verdict(0x10, "dtable-server-01", s));
        assertEquals(TunnelClosure.BUCKET_MOVED, TunnelVerdicts.verdict(0x11, "dtable-server-01", s));
    }

    @Test
    void theStartOfAHandoffIsAMoveWhileAssignStillNamesTheOldOwner() {
        ClusterSnapshot at = WebSocketTunnelTest.snapshot(4, Map.of("dtable-server-01", ONE, "dtable-server-02", TWO),
                b -> "dtable-server-01");
        ClusterSnapshot s = new ClusterSnapshot(at.revision(), at.liveNodes(), at.assignment(),
                BucketMoves.builder().handoff(0x10, new Handoff(0x10, "dtable-server-01", "dtable-server-02", 1, 0, 4))
                        .build(), at.builtNanos());
        assertEquals(TunnelClosure.BUCKET_MOVED, TunnelVerdicts.verdict(0x10, "dtable-server-01", s));
        assertNull(TunnelVerdicts.verdict(0x11, "dtable-server-01", s), "other buckets stay");
    }

    @Test
    void aNodeThatIsNotLiveIsLostWhateverTheAssignmentSays() {
        ClusterSnapshot s = WebSocketTunnelTest.snapshot(3, Map.of("dtable-server-02", TWO), b -> "dtable-server-01");
        assertEquals(TunnelClosure.OWNER_LOST, TunnelVerdicts.verdict(0x10, "dtable-server-01", s));
        assertEquals(TunnelClosure.OWNER_LOST, TunnelVerdicts.verdict(-1, "dtable-server-01", s));
        assertEquals(1001, TunnelClosure.OWNER_LOST.code());
        assertEquals(1012, TunnelClosure.BUCKET_MOVED.code());
        assertEquals(1011, TunnelClosure.RELAY_FAILED.code());
    }
}
