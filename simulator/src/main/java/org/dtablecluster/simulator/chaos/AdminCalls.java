package org.dtablecluster.simulator.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's side of a chaos run: admin calls to the proxies' admin ports, each tried on the
 * next proxy when one does not answer (any proxy forwards a write to the leader).
 */
final class AdminCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> admins;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    AdminCalls(List<URI> admins) {
        if (admins.isEmpty()) {
            throw new IllegalArgumentException("at least one admin URL");
        }
        this.admins = List.copyOf(admins);
    }

    String rebalance() {
        return summary(call("POST", "/rebalance/", null));
    }

    String drain(String node) {
        return summary(call("POST", "/nodes/" + node + "/drain", null));
    }

    String undrain(String node) {
        return summary(call("POST", "/nodes/" + node + "/undrain", null));
    }

    String pin(int bucket, String node) {
        return summary(call("PUT", String.format("/buckets/%02x/pin", bucket), "{\"node_id\":\"" + node + "\"}"));
    }

    String unpin(int bucket) {
        return summary(call("DELETE", String.format("/buckets/%02x/pin", bucket), null));
    }

    /** Bucket → owner as the answering proxy's view has it ({@code GET /status}); empty when none answers. */
    Map<Integer, String> assignment() {
        Map<Integer, String> owners = new TreeMap<>();
        HttpResponse<String> r = call("GET", "/status", null);
        if (r == null || r.statusCode() != 200) {
            return owners;
        }
        try {
            JSON.readTree(r.body()).path("assignment").fields()
                    .forEachRemaining(e -> owners.put(Integer.parseInt(e.getKey(), 16), e.getValue().asText()));
        } catch (IOException | NumberFormatException e) {
            owners.clear();
        }
        return owners;
    }

    /** The first answer of any admin port, or {@code null} when none answered. */
    private HttpResponse<String> call(String method, String path, String body) {
        for (URI admin : admins) {
            HttpRequest.Builder b = HttpRequest.newBuilder(admin.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // this proxy is down: the next one forwards to the leader
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private static String summary(HttpResponse<String> r) {
        if (r == null) {
            return "no admin port answered";
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n.has("moved")) {
                return r.statusCode() + ", moved " + n.get("moved").asText() + " buckets";
            }
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        return r.statusCode() + " " + r.body().replaceAll("\\s+", " ");
    }
}
