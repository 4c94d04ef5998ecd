package org.dtablecluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class AnswerHeadersTest {

    private final List<String> calls = new ArrayList<>();
    private final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                calls.add(method.getName() + " " + args[0] + ": " + args[1]);
                return null;
            });

    @Test
    void hopByHopHeadersAreDroppedInAnyCase() {
        AnswerHeaders.copy(HttpFields.build()
                .add("connection", "keep-alive")
                .add("Keep-Alive", "timeout=5")
                .add("TRANSFER-ENCODING", "chunked")
                .add("Upgrade", "websocket")
                .add("Trailer", "X-Sum")
                .add("Proxy-Authenticate", "Basic")
                .add("Content-Type", "application/json"), response, UnaryOperator.identity());
        assertEquals(List.of("setHeader Content-Type: application/json"), calls);
    }

    @Test
    void theFirstFieldOfANameReplacesAndRepeatedOnesAreAdded() {
        AnswerHeaders.copy(HttpFields.build()
                .add("Date", "Thu, 03 Dec 2026 17:00:00 GMT")
                .add("Set-Cookie", "a=1; Path=/")
                .add("set-cookie", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"), response, UnaryOperator.identity());
        assertEquals(List.of(
                "setHeader Date: Thu, 03 Dec 2026 17:00:00 GMT",
                "setHeader Set-Cookie: a=1; Path=/",
                "addHeader set-cookie: b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"), calls);
    }

    @Test
    void valuesPassByteForByteNotResplitAsLists() {
        String odd = "a,b ,  \"c, d\";q=0.5,,e";
        AnswerHeaders.copy(HttpFields.build().add("X-List", odd).add("Cache-Control", "no-cache,no-store"),
                response, UnaryOperator.identity());
        assertEquals(List.of("setHeader X-List: " + odd, "setHeader Cache-Control: no-cache,no-store"), calls);
    }

    @Test
    void theFilterMayChangeOrDropAField() {
        AnswerHeaders.copy(HttpFields.build().add("Server", "nginx").add("X-Secret", "s").add("X-Kept", "k"),
                response, f -> f.is("X-Secret") ? null : f.is("Server") ? new HttpField("Server", "dtable-server") : f);
        assertEquals(List.of("setHeader Server: dtable-server", "setHeader X-Kept: k"), calls);
    }
}
