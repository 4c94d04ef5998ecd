package org.dtablecluster.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The storage every simulator of a cluster shares, as real dtable-servers share
 * dtable-storage-server: one file per base, {@code <dir>/bases/<uuid>.json} holding
 * {@code {"dtable_uuid": ..., "rows": [...]}}. A save replaces the whole file with what the server
 * holds in memory (written to a temporary file, then renamed over the old one), so a server that
 * holds a stale copy erases rows another server saved, exactly as a real one would.
 */
public final class BaseStorage {

    private static final TypeReference<Map<String, Object>> BASE_JSON = new TypeReference<>() {
    };
    private static final AtomicLong TEMP_FILES = new AtomicLong();

    private final Path bases;
    private final String writer;

    BaseStorage(Path storageDir, String writer) {
        this.bases = requireNonNull(storageDir, "storageDir is null").resolve("bases");
        this.writer = requireNonNull(writer, "writer is null");
        try {
            Files.createDirectories(bases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + bases, e);
        }
    }

    /** The rows saved for the base (canonical UUID), or none when it was never saved. */
    public static List<Map<String, Object>> read(Path storageDir, String canonicalUuid) {
        Path file = storageDir.resolve("bases").resolve(canonicalUuid + ".json");
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try {
            Map<String, Object> json = Json.MAPPER.readValue(file.toFile(), BASE_JSON);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) json.getOrDefault("rows", List.of());
            return new ArrayList<>(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read base " + file, e);
        }
    }

    /** The canonical UUIDs of every saved base. */
    public static List<String> savedBases(Path storageDir) {
        Path dir = storageDir.resolve("bases");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .filter(n -> BaseUuids.canonical(n) != null)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    List<Map<String, Object>> read(String canonicalUuid) {
        return read(bases.getParent(), canonicalUuid);
    }

    /** Replaces the saved base with {@code rows}, atomically: a reader sees the old or the new file. */
    void save(String canonicalUuid, List<Map<String, Object>> rows) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dtable_uuid", canonicalUuid);
        json.put("rows", rows);
        Path target = bases.resolve(canonicalUuid + ".json");
        Path temp = bases.resolve("." + canonicalUuid + "." + writer + "." + TEMP_FILES.incrementAndGet() + ".tmp");
        try {
            Json.MAPPER.writeValue(temp.toFile(), json);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the save failed already; that is what gets reported
            }
            throw new UncheckedIOException("cannot save base " + canonicalUuid, e);
        }
    }
}
