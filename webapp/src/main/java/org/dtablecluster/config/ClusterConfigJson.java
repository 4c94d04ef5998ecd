package org.dtablecluster.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code cluster_config} object out of a {@code dtable_server_config.json}.
 *
 * <p>The file is JSON as written by hand: {@code //} and {@code /* *}{@code /} comments are
 * allowed (the seed's own samples have them), and so is a trailing comma before {@code ]} or
 * {@code }} — it is the most common slip when a line is deleted, and it is unambiguous. Other
 * top-level keys belong to the dtable-server and are skipped, but the whole file must still be
 * valid. A key repeated inside {@code cluster_config} is an error: JSON parsers disagree on which
 * copy wins, and we must see the same values as the dtable-server beside us.
 */
final class ClusterConfigJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Jackson's wording for {@link DeserializationFeature#FAIL_ON_READING_DUP_TREE_KEY}. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)' for");

    private ClusterConfigJson() {
    }

    /** The {@code cluster_config} object, its keys in file order. */
    static ObjectNode clusterConfig(Path source, String text) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser parser = MAPPER.createParser(json)) {
            return read(source, parser);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, null, "not valid JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[").replace('\n', ' '), e);
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static ObjectNode read(Path source, JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            String got = first == null ? "an empty file" : ConfigSection.describe(MAPPER.readTree(parser));
            throw new ConfigException(source, null,
                    "expected a JSON object with a \"" + ConfigKey.SECTION + "\" key, got " + got);
        }
        ObjectNode section = null;
        List<String> otherKeys = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!ConfigKey.SECTION.equals(name)) {
                otherKeys.add(name);
                parser.skipChildren();
            } else if (section != null) {
                throw new ConfigException(source, ConfigKey.SECTION, "appears twice" + at(parser) + "; keep one");
            } else if (value != JsonToken.START_OBJECT) {
                throw new ConfigException(source, ConfigKey.SECTION,
                        "expected an object, got " + ConfigSection.describe(MAPPER.readTree(parser)));
            } else {
                section = readSection(source, parser);
            }
        }
        if (parser.nextToken() != null) {
            throw new ConfigException(source, null, "unexpected content after the top-level object" + at(parser));
        }
        if (section == null) {
            throw new ConfigException(source, ConfigKey.SECTION, "missing: expected a top-level \""
                    + ConfigKey.SECTION + "\" object" + misspelt(otherKeys));
        }
        return section;
    }

    private static ObjectNode readSection(Path source, JsonParser parser) throws IOException {
        ObjectNode section = MAPPER.createObjectNode();
        Map<String, Integer> lines = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = parser.currentTokenLocation().getLineNr();
            parser.nextToken();
            JsonNode value = readValue(source, key, parser);
            Integer earlier = lines.putIfAbsent(key, line);
            if (earlier != null) {
                throw new ConfigException(source, ConfigKey.SECTION + "." + key,
                        "appears twice (lines " + earlier + " and " + line + "); keep one");
            }
            section.set(key, value);
        }
        return section;
    }

    private static JsonNode readValue(Path source, String key, JsonParser parser) throws IOException {
        try {
            return MAPPER.readTree(parser);
        } catch (MismatchedInputException e) {
            Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
            if (!duplicate.lookingAt()) {
                throw e;
            }
            throw new ConfigException(source, ConfigKey.SECTION + "." + key, "has the key \"" + duplicate.group(1)
                    + "\" twice" + at(e.getLocation()) + "; keep one", e);
        }
    }

    /** Points at a top-level key that looks like a misspelt {@code cluster_config}. */
    private static String misspelt(List<String> otherKeys) {
        for (String key : otherKeys) {
            if (KeySuggestions.closest(key, List.of(ConfigKey.SECTION)).isPresent()) {
                return " (found \"" + key + "\": misspelt?)";
            }
        }
        return "";
    }

    private static String at(JsonParser parser) {
        return at(parser.currentTokenLocation());
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
