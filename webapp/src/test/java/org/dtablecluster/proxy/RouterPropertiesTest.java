package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dtablecluster.BaseIds;
import org.dtablecluster.view.ClusterSnapshot;

/**
 * The router over random input: any path, query and header gives a decision, never an exception,
 * and a base id is found exactly where DESIGN.md says (first a path segment, then the
 * {@code dtable_uuid} query parameter, then the JWT claim).
 */
class RouterPropertiesTest {

    private static final ClusterSnapshot SNAPSHOT = Snapshots.of(3, new TreeMap<>(Map.of(
            "dtable-server-01", URI.create("http://10.0.0.1/"),
            "dtable-server-02", URI.create("http://10.0.0.2/"))),
            b -> b % 3 == 0 ? null : b % 2 == 0 ? "dtable-server-01" : "dtable-server-02");

    @Property(tries = 3000)
    void anyInputGivesADecision(@ForAll("paths") String path, @ForAll("queries") String query,
            @ForAll("authorizations") String authorization) {
        RouteDecision decision = Router.decide(path, query, authorization, SNAPSHOT, () -> 7);
        assertNotNull(decision);
        if (decision instanceof RouteDecision.ToOwner owner) {
            assertEquals(owner.path(), RequestPath.normalise(path));
        }
    }

    @Property(tries = 2000)
    void aBaseInAPathSegmentWinsOverQueryAndToken(@ForAll("uuids") String base, @ForAll("uuids") String other,
            @ForAll("prefixes") String prefix, @ForAll("suffixes") String suffix) {
        String path = prefix + base + suffix;
        RouteDecision decision = Router.decide(path, "dtable_uuid=" + other, "Token " + jwt(other), SNAPSHOT, () -> 0);
        assertEquals(BaseIds.bucketOf(base), bucket(decision), path);
    }

    @Property(tries = 2000)
    void withoutABaseInThePathTheQueryWinsOverTheToken(@ForAll("uuids") String base, @ForAll("uuids") String other,
            @ForAll("queries") String before) {
        String query = (before == null ? "" : before.replace("dtable_uuid", "x") + "&") + "dtable_uuid=" + base;
        Assume.that(RequestPath.queryProblem(query).isEmpty());
        RouteDecision decision = Router.decide("/socket.io/", query, "Token " + jwt(other), SNAPSHOT, () -> 0);
        assertEquals(BaseIds.bucketOf(base), bucket(decision), query);
    }

    @Property(tries = 1000)
    void aTokenNamesTheBaseWhenNothingElseDoes(@ForAll("uuids") String base) {
        RouteDecision decision = Router.decide("/api/v1/notifications/", null, "Token " + jwt(base), SNAPSHOT, () -> 0);
        assertEquals(BaseIds.bucketOf(base), bucket(decision));
    }

    @Property(tries = 2000)
    void somethingElseAfterDtablesIsABadBaseIdNeverARoute(@ForAll("notUuids") String segment) {
        RouteDecision decision = Router.decide("/api/v1/dtables/" + segment + "/rows/", null, null, SNAPSHOT, () -> 0);
        assertInstanceOf(RouteDecision.BadBaseId.class, decision);
    }

    /** The bucket a decision is about; -1 when it names none. */
    private static int bucket(RouteDecision decision) {
        if (decision instanceof RouteDecision.ToOwner owner) {
            return owner.bucket();
        }
        if (decision instanceof RouteDecision.NoOwner none) {
            return none.bucket();
        }
        return -1;
    }

    static String jwt(String base) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"exp\":1,\"dtable_uuid\":\"" + base + "\"}";
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Provide
    static Arbitrary<String> uuids() {
        Arbitrary<String> hex32 = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(32);
        return Arbitraries.oneOf(hex32, hex32.map(h -> h.substring(0, 8) + "-" + h.substring(8, 12) + "-"
                + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20)));
    }

    @Provide
    static Arbitrary<String> notUuids() {
        return Arbitraries.strings().withChars("0123456789abcdef-xyz.%~_").ofMinLength(1).ofMaxLength(40)
                .filter(s -> !BaseIds.isBaseId(s) && !s.equals(".") && !s.equals("..") && !s.contains("%"));
    }

    /** Segments without dot segments, so the base stays where it was put. */
    @Provide
    static Arbitrary<String> prefixes() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_~")
                .ofMaxLength(12).filter(s -> !s.equals("dtables"));
        return segment.list().ofMaxSize(4).map(list -> {
            StringBuilder out = new StringBuilder("/");
            list.forEach(s -> out.append(s).append('/'));
            return out.toString();
        });
    }

    @Provide
    static Arbitrary<String> suffixes() {
        return Arbitraries.of("", "/", "/rows/", ";jsessionid=1/x", "/dtables/not-a-uuid/", "//y/./z/");
    }

    @Provide
    static Arbitrary<String> paths() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("/", "//", ".", "..", ";", "%", "%2e", "%2F", "%5c", "dtables", "api", "v1", "?", "#"),
                uuids(), Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.oneOf(Arbitraries.just(null),
                piece.list().ofMaxSize(12).map(list -> String.join("", list)),
                piece.list().ofMaxSize(12).map(list -> "/" + String.join("/", list)));
    }

    @Provide
    static Arbitrary<String> queries() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of("dtable_uuid=", "&", "=", "dtable_uuid", "%"),
                uuids(), Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.oneOf(Arbitraries.just(null), piece.list().ofMaxSize(8).map(l -> String.join("", l)));
    }

    @Provide
    static Arbitrary<String> authorizations() {
        Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(60);
        Arbitrary<String> b64 = Arbitraries.strings().withChars("ABCxyz019-_=+/.").ofMaxLength(40);
        return Arbitraries.oneOf(Arbitraries.just(null), garbage,
                Combinators.combine(Arbitraries.of("Token ", "Bearer ", "token  ", "Basic ", ""), b64, b64, b64)
                        .as((scheme, a, b, c) -> scheme + a + "." + b + "." + c),
                uuids().map(u -> "Token " + jwt(u)),
                Arbitraries.of(List.of("Token a.e30.b", "Token a.W10.b", "Token a.bnVsbA.b", "Token a." + "A".repeat(9000) + ".b")));
    }
}
