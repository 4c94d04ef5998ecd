package org.dtablecluster.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The config parser over random input: any {@code cluster_config} object gives a config or a
 * {@link ConfigException} naming a key of it; any text at all gives a config or a
 * {@link ConfigException}, never another exception.
 */
class ClusterConfigParserPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 1000)
    void anySectionGivesAConfigOrAnErrorNamingAKey(@ForAll("sections") ObjectNode section) throws Exception {
        String text = MAPPER.writeValueAsString(NODES.objectNode().set(ConfigKey.SECTION, section));
        try {
            assertNotNull(ClusterConfigParser.parse(ConfigAssertions.SOURCE, text, warning -> { }));
        } catch (ConfigException e) {
            String key = e.key().orElse("");
            assertTrue(key.startsWith(ConfigKey.SECTION + "."), () -> "no key named: " + e.getMessage());
            String name = key.substring(ConfigKey.SECTION.length() + 1).replaceAll("[\\[.].*", "");
            assertTrue(ConfigKey.keys().contains(name), () -> "names an unknown key: " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Property(tries = 1000)
    void anyTextGivesAConfigOrAConfigException(@ForAll("texts") String text) {
        try {
            assertNotNull(ClusterConfigParser.parse(ConfigAssertions.SOURCE, text, warning -> { }));
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("Configuration file " + ConfigAssertions.SOURCE + ": "), e.getMessage());
        }
    }

    @Provide
    static Arbitrary<ObjectNode> sections() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(ConfigKey.keys()), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<Map.Entry<String, JsonNode>> entry = keys.flatMap(k -> values(k).map(v -> Map.entry(k, v)));
        return entry.list().ofMaxSize(12).map(entries -> {
            ObjectNode section = NODES.objectNode();
            // usually with a valid etcd_host_list, so the parser gets past it to the other keys
            section.set("etcd_host_list", NODES.arrayNode().add("etcd-01:2379"));
            entries.forEach(e -> section.set(e.getKey(), e.getValue()));
            return section;
        });
    }

    /** Plausible values for known keys, anything for the rest. */
    private static Arbitrary<JsonNode> values(String key) {
        Arbitrary<JsonNode> plausible = switch (key) {
            case "etcd_host_list" -> Arbitraries.of("etcd-01", "etcd_1:2379", "https://a:1", "[::1]", "a:0", "", "a b")
                    .list().ofMaxSize(3).map(l -> { var a = NODES.arrayNode(); l.forEach(a::add); return a; });
            case "roles" -> Arbitraries.of("node", "proxy", "monitor", "NODE", "x").list().ofMaxSize(3)
                    .map(l -> { var a = NODES.arrayNode(); l.forEach(a::add); return a; });
            case "node_id" -> Arbitraries.of("dtable-server-01", "dtable-server-", "x", "dtable-server-a b")
                    .map(NODES::textNode);
            case "node_url", "local_node_url" -> Arbitraries.of("http://10.0.0.1/", "https://a/", "ftp://a/", "x")
                    .map(NODES::textNode);
            default -> Arbitraries.integers().between(-2, 5000).map(i -> (JsonNode) NODES.numberNode(i));
        };
        return Arbitraries.oneOf(plausible, json(2));
    }

    private static Arbitrary<JsonNode> json(int depth) {
        List<Arbitrary<JsonNode>> choices = new ArrayList<>(List.of(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.bigDecimals().ofScale(3).between(BigDecimal.valueOf(-1e9), BigDecimal.valueOf(1e9))
                        .map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.strings().ofMaxLength(20).map(NODES::textNode)));
        if (depth > 0) {
            choices.add(json(depth - 1).list().ofMaxSize(3).map(l -> { var a = NODES.arrayNode(); l.forEach(a::add); return a; }));
            choices.add(Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), json(depth - 1)).ofMaxSize(3)
                    .map(m -> { var o = NODES.objectNode(); m.forEach(o::set); return o; }));
        }
        return Arbitraries.oneOf(choices);
    }

    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("{", "}", "[", "]", ",", ":", "\"cluster_config\"", "\"etcd_host_list\"", "null", "1e999",
                        "//", "/*", "\"", "\uFEFF", " "),
                Arbitraries.strings().ofMaxLength(6));
        return Arbitraries.oneOf(pieces.list().ofMaxSize(20).map(l -> String.join("", l)),
                sections().map(s -> "{\"cluster_config\": " + s + "}"));
    }
}
