package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TargetUrlsTest {

    private static String join(String nodeUrl, String path, String query) {
        return TargetUrls.join(URI.create(nodeUrl), path, query);
    }

    @Test
    void aRootNodeUrlKeepsThePathAsIs() {
        assertEquals("http://10.0.0.5/dtables/x", join("http://10.0.0.5/", "/dtables/x", null));
        assertEquals("http://10.0.0.5/dtables/x", join("http://10.0.0.5", "/dtables/x", null));
        assertEquals("http://10.0.0.5:8080/ping/", join("http://10.0.0.5:8080/", "/ping/", null));
    }

    @Test
    void aPrefixIsJoinedWithExactlyOneSlash() {
        assertEquals("http://host:8080/base/dtables/x", join("http://host:8080/base/", "/dtables/x", null));
        assertEquals("http://host:8080/base/dtables/x", join("http://host:8080/base", "/dtables/x", null));
        assertEquals("http://host:8080/base/dtables/x", join("http://host:8080/base//", "/dtables/x", null));
        assertEquals("http://host:8080/a/b/", join("http://host:8080/a/", "/b/", null));
    }

    @Test
    void queryAndEncodingArePassedAsSent() {
        assertEquals("http://h/api/v1/dtables/x/rows/?from=dtable_web&name=a%20b",
                join("http://h/", "/api/v1/dtables/x/rows/", "from=dtable_web&name=a%20b"));
        assertEquals("http://h/p/a%2Fb?", join("http://h/p/", "/a%2Fb", ""));
    }

    @Test
    void ipv6AndHttpsNodesWork() {
        assertEquals("https://[::1]:8443/x", join("https://[::1]:8443/", "/x", null));
    }

    @Test
    void aNodeUrlThatIsNotAbsoluteHttpIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> join("10.0.0.5", "/x", null));
        assertThrows(IllegalArgumentException.class, () -> join("ftp://10.0.0.5/", "/x", null));
        assertThrows(IllegalArgumentException.class, () -> join("/relative/", "/x", null));
    }
}
