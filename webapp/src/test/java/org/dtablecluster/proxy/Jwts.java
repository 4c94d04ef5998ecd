package org.dtablecluster.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned-looking JWTs for routing tests: the proxy never verifies them. */
final class Jwts {

    private Jwts() {
    }

    static String withPayload(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    static String claimingBase(String uuid) {
        return withPayload("{\"exp\":1999999999,\"dtable_uuid\":\"" + uuid + "\",\"username\":\"a@b.c\",\"permission\":\"rw\"}");
    }
}
