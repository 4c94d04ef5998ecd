package org.dtablecluster.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The test clients' side: plain HTTP/1.1 from the JDK, nothing shared with the proxy. */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    static final String NODE_HEADER = "X-Dtable-Server-Node";

    private Http() {
    }

    static HttpRequest.Builder request(URI base, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    static HttpResponse<String> get(URI base, String pathAndQuery) throws IOException, InterruptedException {
        return send(request(base, pathAndQuery).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    static String node(HttpResponse<?> response) {
        return response.headers().firstValue(NODE_HEADER).orElse(null);
    }
}
