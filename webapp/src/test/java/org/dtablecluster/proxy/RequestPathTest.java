package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/ping/", "/api/v1/dtables/8b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/rows/",
        "/.well-known/x", "/a/.b/..c/", "/a;p=1/b", "/a/b."})
    void aNormalPathIsReturnedAsItIs(String path) {
        assertSame(path, RequestPath.normalise(path));
        assertEquals(RequestPath.NO_PROBLEM, RequestPath.problem(path));
    }

    @ParameterizedTest
    @CsvSource({
        "//api/v1/dtables/x/rows/, /api/v1/dtables/x/rows/",
        "/api//v1///rows//, /api/v1/rows/",
        "//, /",
        "/dtables/A/../B/, /dtables/B/",
        "/dtables/A/..;x/B, /dtables/B",
        "/a/./b/., /a/b/",
        "/a/b/.., /a/",
        "/a/.., /",
        "/a/;p/b, /a/b",
        "/a/%20b//c, /a/%20b/c",
    })
    void slashesAreMergedAndDotSegmentsResolved(String path, String expected) {
        assertEquals(expected, RequestPath.normalise(path));
    }

    @ParameterizedTest
    @CsvSource({
        "/.., climbs above",
        "/a/../../b, climbs above",
        "/a%2fb, percent-encoded '/'",
        "/a%5Cb, percent-encoded '/'",
        "/a/%2e%2e/b, percent-encoded '.'",
        "/a/.%2E/b, percent-encoded '.'",
        "/a/%2e/b, percent-encoded '.'",
        "/a\\b, U+005C in the path",
        "/a b, U+0020 in the path",
        "/a/%zz, '%' not followed by two hex digits",
        "/a/%4, '%' not followed by two hex digits",
        "/caf\u00e9, U+00E9 in the path",
    })
    void ambiguousPathsAreRefusedWithAReason(String path, String reason) {
        assertNull(RequestPath.normalise(path));
        assertTrue(RequestPath.problem(path).contains(reason), RequestPath.problem(path));
    }

    @org.junit.jupiter.api.Test
    void queriesWithCharactersThatMustBeEncodedAreRefused() {
        assertEquals(RequestPath.NO_PROBLEM, RequestPath.queryProblem("dtable_uuid=x&a=b/c?d=%20"));
        assertEquals(RequestPath.NO_PROBLEM, RequestPath.queryProblem(null));
        assertTrue(RequestPath.queryProblem("a=|").contains("U+007C in the query"));
        assertTrue(RequestPath.queryProblem("a=%g1").contains("'%' not followed"));
    }
}
