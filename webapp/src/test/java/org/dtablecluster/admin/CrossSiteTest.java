package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Browser requests from other sites are told apart from curl and from the admin page itself. */
class CrossSiteTest {

    @Test
    void curlSendsNothingAndPasses() {
        assertFalse(CrossSite.isCrossSite(null, null, "proxy:5555"));
    }

    @Test
    void theSameOriginPasses() {
        assertFalse(CrossSite.isCrossSite("same-origin", "http://proxy:5555", "proxy:5555"));
        assertFalse(CrossSite.isCrossSite(null, "http://PROXY:5555", "proxy:5555"));
        assertFalse(CrossSite.isCrossSite(null, "http://proxy", "proxy:80"), "default port written or not");
        assertFalse(CrossSite.isCrossSite("none", null, "proxy:5555"), "typed into the address bar");
    }

    @Test
    void otherSitesAreRefused() {
        assertTrue(CrossSite.isCrossSite(null, "http://evil.example", "proxy:5555"));
        assertTrue(CrossSite.isCrossSite(null, "http://proxy:5550", "proxy:5555"), "another port is another origin");
        assertTrue(CrossSite.isCrossSite(null, "null", "proxy:5555"), "sandboxed frames send Origin: null");
        assertTrue(CrossSite.isCrossSite("cross-site", null, "proxy:5555"), "an <img> GET sends no Origin");
        assertTrue(CrossSite.isCrossSite("same-site", null, "proxy:5555"));
        assertTrue(CrossSite.isCrossSite(null, "http://proxy:5555", null), "no Host to compare with");
    }
}
