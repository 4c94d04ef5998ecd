package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.dtablecluster.json.Json;

/**
 * What a crashed agent needs to take its registration back: the lease it held and the
 * {@code instance} it registered as, in {@code <node_state_dir>/<node_id>.state.json}. Written
 * atomically (a temporary file moved over the old one), so a crash never leaves half a file; a
 * file that cannot be read counts as none (the agent then registers as a new instance).
 */
final class NodeStateFile {

    /** The lease and instance of the newest registration. */
    record Saved(long leaseId, String instance) {
        Saved {
            requireNonNull(instance, "instance is null");
        }
    }

    private final Path file;

    NodeStateFile(Path dir, String nodeId) {
        this.file = requireNonNull(dir, "dir is null").resolve(nodeId + ".state.json");
    }

    Path path() {
        return file;
    }

    Optional<Saved> read() {
        try {
            JsonNode o = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (o != null && o.path("lease_id").canConvertToLong() && o.path("instance").isTextual()) {
                return Optional.of(new Saved(o.get("lease_id").asLong(), o.get("instance").asText()));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @throws IOException when the directory is not writable; the caller logs it and goes on */
    void write(Saved saved) throws IOException {
        String text = Json.text(Json.object().put("lease_id", saved.leaseId()).put("instance", saved.instance()));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** After a graceful stop: the lease is revoked, nothing to take back. */
    void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // harmless: a lease that is gone cannot be taken back
        }
    }
}
