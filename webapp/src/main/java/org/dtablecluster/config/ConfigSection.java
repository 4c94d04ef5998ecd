package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code cluster_config} object with typed, validated reads. Every failure is a
 * {@link ConfigException} naming the file, the key and what was expected. JSON {@code null}
 * counts as leaving the key out.
 */
final class ConfigSection {

    private static final int MAX_SHOWN = 80;

    private final Path source;
    private final ObjectNode node;

    ConfigSection(Path source, ObjectNode node) {
        this.source = requireNonNull(source, "source is null");
        this.node = requireNonNull(node, "node is null");
    }

    Path source() {
        return source;
    }

    boolean has(ConfigKey key) {
        return value(key).isPresent();
    }

    Optional<JsonNode> value(ConfigKey key) {
        JsonNode value = node.get(key.key());
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** The keys this section has that {@link ConfigKey} does not know, in file order. */
    List<String> unknownKeys() {
        List<String> known = ConfigKey.keys();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey())) {
                unknown.add(field.getKey());
            }
        }
        return unknown;
    }

    ConfigException error(String keyPath, String problem) {
        return new ConfigException(source, keyPath, problem);
    }

    /** A warning in the same form as an error's message. */
    String warning(String keyPath, String problem) {
        return ConfigException.message(source, keyPath, problem);
    }

    ConfigException error(ConfigKey key, String problem) {
        return error(key.path(), problem);
    }

    /** A "missing" error, pointing at a present key that looks like a misspelling of this one. */
    ConfigException missing(ConfigKey key, String why) {
        String hint = "";
        for (String unknown : unknownKeys()) {
            if (KeySuggestions.closest(unknown, ConfigKey.keys()).filter(key.key()::equals).isPresent()) {
                hint = " (found \"" + unknown + "\": misspelt?)";
                break;
            }
        }
        return error(key, "missing: " + why + hint);
    }

    Optional<String> string(ConfigKey key) {
        return value(key).map(value -> {
            if (!value.isTextual()) {
                throw error(key, "expected a string, got " + describe(key, value));
            }
            return value.textValue();
        });
    }

    /** A string that, when given, must not be blank. */
    Optional<String> nonBlankString(ConfigKey key) {
        return string(key).map(value -> {
            if (value.isBlank()) {
                throw error(key, "expected a non-empty string, got \"" + value + "\"; leave the key out instead");
            }
            return value.strip();
        });
    }

    /** A whole number of seconds in {@code [min, max]}, or the default when the key is left out. */
    Duration seconds(ConfigKey key, int defaultSeconds, int min, int max) {
        return Duration.ofSeconds(integer(key, defaultSeconds, min, max, " of seconds"));
    }

    /** {@code true} or {@code false}, or the default when the key is left out. */
    boolean bool(ConfigKey key, boolean defaultValue) {
        Optional<JsonNode> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (!value.get().isBoolean()) {
            throw error(key, "expected true or false (default " + defaultValue + "), got " + describe(key, value.get()));
        }
        return value.get().booleanValue();
    }

    int integer(ConfigKey key, int defaultValue, int min, int max) {
        return integer(key, defaultValue, min, max, "");
    }

    private int integer(ConfigKey key, int defaultValue, int min, int max, String unit) {
        Optional<JsonNode> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        JsonNode number = value.get();
        if (!number.isIntegralNumber() || !number.canConvertToInt()
                || number.intValue() < min || number.intValue() > max) {
            throw error(key, "expected a whole number" + unit + " from " + min + " to " + max
                    + " (default " + defaultValue + "), got " + describe(key, number));
        }
        return number.intValue();
    }

    /** An HTTP(S) URL with a host, such as {@code http://172.17.30.94/}, kept as written. */
    Optional<URI> httpUrl(ConfigKey key) {
        return nonBlankString(key).map(text -> {
            try {
                return HttpUrl.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(key, "expected an http:// or https:// URL with a host, such as "
                        + "\"http://172.17.30.94/\", got \"" + shorten(text) + "\": " + e.getMessage());
            }
        });
    }

    /** An absolute URL path such as {@code /ping/}. */
    Optional<String> urlPath(ConfigKey key) {
        return string(key).map(text -> {
            String problem = text.startsWith("/") && !text.startsWith("//") ? pathProblem(text)
                    : "it must start with a single \"/\"";
            if (problem != null) {
                throw error(key, "expected a URL path such as \"/ping/\", got \"" + shorten(text) + "\": " + problem);
            }
            return text;
        });
    }

    private static String pathProblem(String text) {
        try {
            URI uri = new URI(text);
            return uri.getRawFragment() == null ? null : "it must not contain \"#\"";
        } catch (URISyntaxException e) {
            return e.getReason();
        }
    }

    /** A value as shown in a message; never shows a password. */
    static String describe(ConfigKey key, JsonNode value) {
        return key == ConfigKey.ETCD_PASSWORD ? kind(value) : describe(value);
    }

    static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "the string \"" + shorten(value.textValue()) + "\"";
        }
        return value.isContainerNode() ? kind(value) : value.asText();
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }

    static String shorten(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }
}
