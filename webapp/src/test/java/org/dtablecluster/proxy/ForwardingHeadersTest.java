package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {

    @Test
    void ipv4AndAPlainHostAreTokens() {
        assertEquals("by=10.0.0.9;for=192.0.2.60;host=proxy;proto=http",
                ForwardingHeaders.forwarded("10.0.0.9", "192.0.2.60", "proxy", "http"));
    }

    @Test
    void ipv6IsBracketedAndQuotedAndAHostWithPortIsQuoted() {
        assertEquals("by=\"[::1]\";for=\"[2001:db8::17]\";host=\"proxy.example:5550\";proto=https",
                ForwardingHeaders.forwarded("::1", "[2001:db8::17]", "proxy.example:5550", "https"));
    }

    @Test
    void aMissingHostIsLeftOutAndAMissingAddressIsUnknown() {
        assertEquals("by=unknown;for=unknown;proto=http", ForwardingHeaders.forwarded(null, "", null, "http"));
    }

    @Test
    void quotesInsideAValueAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\"", ForwardingHeaders.parameter("a\"b\\c"));
    }

    @Test
    void xForwardedForCarriesIpv6WithoutBrackets() {
        assertEquals("2001:db8::17", ForwardingHeaders.xForwardedFor("[2001:db8::17]"));
        assertEquals("127.0.0.1", ForwardingHeaders.xForwardedFor("127.0.0.1"));
        assertEquals("unknown", ForwardingHeaders.xForwardedFor(null));
    }
}
