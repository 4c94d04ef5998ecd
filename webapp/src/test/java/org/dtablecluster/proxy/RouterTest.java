package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.dtablecluster.view.ClusterSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {

    private static final String BASE = "8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";   // bucket 0x8b, odd: node 02
    private static final String BASE_HEX = "8B1C2D3E4F5061728394A5B6C7D8E9F0";
    private static final String OTHER = "0a000000-0000-0000-0000-000000000001";  // bucket 0x0a, even: node 01
    private static final IntSupplier NEVER = () -> {
        throw new AssertionError("spread must not be asked when the request names a base");
    };

    private static final Map<String, URI> NODES = new TreeMap<>(Map.of(
            "dtable-server-01", URI.create("http://10.0.0.1/"),
            "dtable-server-02", URI.create("http://10.0.0.2:8080/base/")));
    private static final ClusterSnapshot EVEN_ODD =
            Snapshots.of(7, NODES, b -> b % 2 == 0 ? "dtable-server-01" : "dtable-server-02");

    private static RouteDecision decide(String path, String query, String authorization) {
        return Router.decide(path, query, authorization, EVEN_ODD, NEVER);
    }

    private static void assertOwner(String node, int bucket, RouteDecision decision) {
        RouteDecision.ToOwner owner = assertInstanceOf(RouteDecision.ToOwner.class, decision);
        assertEquals(node, owner.node().nodeId());
        assertEquals(bucket, owner.bucket());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/dtables/" + BASE,
        "/dtables/" + BASE + "/",
        "/dtables/" + BASE_HEX,
        "/api/v1/dtables/" + BASE + "/rows/",
        "/api/v1/dtables/" + BASE_HEX + "/batch-append-rows/",
        "/api/v1/internal/dtables/" + BASE + "/view-rows/",
        "/api/v1/" + BASE + "/import-csv/",
        "/api/v1/internal/" + BASE_HEX + "/connected-apps/",
        "/dtable-server/dtables/" + BASE,
        "/dtable-server/api/v1/dtables/" + BASE + "/rows/",
        "/dtable-server/api/v1/internal/dtables/" + BASE + "/signals/",
        "/api/v1/dtables/" + BASE + ";jsessionid=x/rows/",
    })
    void aBaseInThePathGoesToItsOwner(String path) {
        assertOwner("dtable-server-02", 0x8b, decide(path, "from=dtable_web", null));
    }

    @Test
    void thePathWinsOverTheQueryAndTheQueryOverTheToken() {
        String token = "Token " + Jwts.claimingBase(OTHER);
        assertOwner("dtable-server-02", 0x8b, decide("/api/v1/dtables/" + BASE + "/rows/", "dtable_uuid=" + OTHER, token));
        assertOwner("dtable-server-02", 0x8b, decide("/socket.io/", "EIO=4&dtable_uuid=" + BASE + "&transport=polling", token));
        assertOwner("dtable-server-01", 0x0a, decide("/api/v1/rows/", "dtable_uuid=", token));
    }

    @Test
    void theFirstBaseInThePathWins() {
        assertOwner("dtable-server-01", 0x0a, decide("/api/v1/" + OTHER + "/dtables/" + BASE + "/", null, null));
    }

    @Test
    void theQueryParameterNamesABase() {
        assertOwner("dtable-server-02", 0x8b, decide("/socket.io/", "dtable_uuid=" + BASE_HEX, null));
        assertOwner("dtable-server-02", 0x8b, decide("/socket.io/", "a=1&dtable_uuid=nope&dtable_uuid=" + BASE, null));
        assertInstanceOf(RouteDecision.ToAnyNode.class, Router.decide("/socket.io/", "xdtable_uuid=" + BASE, null, EVEN_ODD, () -> 0));
        assertInstanceOf(RouteDecision.ToAnyNode.class, Router.decide("/socket.io/", "dtable_uuid=" + BASE + "0", null, EVEN_ODD, () -> 0));
    }

    @Test
    void theTokenClaimNamesABase() {
        assertOwner("dtable-server-02", 0x8b, decide("/api/v1/rows/", null, "Token " + Jwts.claimingBase(BASE)));
        assertOwner("dtable-server-02", 0x8b, decide("/api/v1/rows/", null, "token " + Jwts.claimingBase(BASE_HEX)));
        assertOwner("dtable-server-02", 0x8b, decide("/api/v1/rows/", null, "Bearer " + Jwts.claimingBase(BASE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Token",
        "Token ",
        "Token not-a-jwt",
        "Token a.b",
        "Token a.!!!.c",
        "Basic dXNlcjpwYXNz",
        "Tokens x.eyJkdGFibGVfdXVpZCI6IjhiMWMyZDNlLTRmNTAtNjE3Mi04Mzk0LWE1YjZjN2Q4ZTlmMCJ9.y",
    })
    void aTokenWithoutAReadableClaimNamesNoBase(String authorization) {
        assertInstanceOf(RouteDecision.ToAnyNode.class, Router.decide("/api/v1/rows/", null, authorization, EVEN_ODD, () -> 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[\"" + BASE + "\"]",
        "{\"dtable_uuid\": 42}",
        "{\"dtable_uuid\": null}",
        "{\"dtable_uuid\": \"nope\"}",
        "{\"nested\": {\"dtable_uuid\": \"" + BASE + "\"}}",
        "{\"dtable_uuid\": \"" + BASE,
        "",
    })
    void aPayloadWithoutATopLevelStringClaimNamesNoBase(String payload) {
        RouteDecision decision = Router.decide("/api/v1/rows/", null, "Token " + Jwts.withPayload(payload), EVEN_ODD, () -> 1);
        assertInstanceOf(RouteDecision.ToAnyNode.class, decision);
    }

    @Test
    void aClaimAfterNestedObjectsIsStillFound() {
        String payload = "{\"user_department_ids_map\":{\"a\":[1,2,{\"dtable_uuid\":\"x\"}]},\"dtable_uuid\":\"" + BASE + "\"}";
        assertOwner("dtable-server-02", 0x8b, decide("/api/v1/rows/", null, "Token " + Jwts.withPayload(payload)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/dtables/not-a-uuid",
        "/api/v1/dtables/8b1c2d3e-4f50-6172-8394/rows/",
        "/api/v1/dtables/rows/",
        "/dtable-server/api/v1/internal/dtables/xyz/signals/",
        "/api/v1/dtables//" + "garbage/",
    })
    void aDtablesSegmentFollowedByNoBaseIdIsBad(String path) {
        RouteDecision decision = Router.decide(path, "dtable_uuid=" + BASE, null, EVEN_ODD, NEVER);
        RouteDecision.BadBaseId bad = assertInstanceOf(RouteDecision.BadBaseId.class, decision);
        assertEquals(false, bad.segment().isEmpty(), bad::toString);
    }

    @Test
    void aTrailingDtablesSegmentIsNotBad() {
        assertOwner("dtable-server-02", 0x8b, decide("/api/v1/dtables/", "dtable_uuid=" + BASE, null));
    }

    @Test
    void requestsNamingNoBaseAreSpreadOverLiveNodes() {
        Router router = new Router();
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RouteDecision d = router.route("/ping/", null, null, EVEN_ODD);
            picked.add(assertInstanceOf(RouteDecision.ToAnyNode.class, d).node().nodeId());
        }
        assertEquals(List.of("dtable-server-01", "dtable-server-02", "dtable-server-01", "dtable-server-02"), picked);
    }

    @Test
    void aNegativeSpreadValueStillPicksANode() {
        RouteDecision d = Router.decide("/ping/", null, null, EVEN_ODD, () -> Integer.MIN_VALUE + 1);
        assertInstanceOf(RouteDecision.ToAnyNode.class, d);
    }

    @Test
    void aBucketWhoseOwnerIsNotLiveHasNoOwner() {
        ClusterSnapshot ownerGone = Snapshots.of(8, Map.of("dtable-server-01", URI.create("http://10.0.0.1/")),
                b -> b % 2 == 0 ? "dtable-server-01" : "dtable-server-02");
        RouteDecision d = Router.decide("/dtables/" + BASE, null, null, ownerGone, NEVER);
        assertEquals(new RouteDecision.NoOwner(0x8b), d);
    }

    @Test
    void anUnassignedBucketHasNoOwner() {
        ClusterSnapshot unassigned = Snapshots.of(9, NODES, b -> null);
        assertEquals(new RouteDecision.NoOwner(0x8b), Router.decide("/dtables/" + BASE, null, null, unassigned, NEVER));
    }

    @Test
    void withoutLiveNodesNothingIsRouted() {
        assertEquals(new RouteDecision.NoLiveNode(), Router.decide("/ping/", null, null, ClusterSnapshot.empty(), () -> 0));
        assertEquals(new RouteDecision.NoLiveNode(), Router.decide("/dtables/" + BASE, null, null, ClusterSnapshot.empty(), NEVER));
    }

    @Test
    void aDotDotSegmentRoutesAndForwardsTheBaseItLeadsTo() {
        RouteDecision decision = decide("/dtables/" + OTHER + "/../" + BASE + "/rows/", null, null);
        assertOwner("dtable-server-02", 0x8b, decision);
        assertEquals("/dtables/" + BASE + "/rows/", ((RouteDecision.ToOwner) decision).path());
    }

    @Test
    void doubledSlashesRouteLikeSingleOnes() {
        RouteDecision decision = decide("//api/v1/dtables/" + BASE + "//rows/", null, null);
        assertOwner("dtable-server-02", 0x8b, decision);
        assertEquals("/api/v1/dtables/" + BASE + "/rows/", ((RouteDecision.ToOwner) decision).path());
    }

    @Test
    void aPathAboveTheRootOrWithEncodedSeparatorsIsRefused() {
        assertInstanceOf(RouteDecision.BadPath.class, decide("/dtables/../../" + BASE, null, null));
        assertInstanceOf(RouteDecision.BadPath.class, decide("/dtables/" + OTHER + "%2f..%2f" + BASE, null, null));
    }
}
