package org.dtablecluster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** HTTP to an admin port, as curl would send it: optional BASIC credentials, JSON bodies. */
final class AdminHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    private AdminHttp(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static AdminHttp anonymous(String base) {
        return new AdminHttp(base, null);
    }

    static AdminHttp as(String base, String user, String password) {
        return new AdminHttp(base, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, with a JSON body or none ({@code json} null). */
    HttpResponse<String> send(String method, String path, String json) {
        return send(request(path).header("Content-Type", "application/json").method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A Jolokia answer's JSON, whatever the HTTP status. */
    JsonNode jolokia(HttpResponse<String> response) {
        return json(response);
    }

    JsonNode read(String mbean, String attribute) {
        return json(get("/jolokia/read/" + mbean + "/" + attribute));
    }

    JsonNode exec(String mbean, String operation) {
        return json(post("/jolokia/", "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation
                + "\",\"arguments\":[]}"));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
