package org.dtablecluster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionsTest {

    @ParameterizedTest
    @CsvSource({
        "node_idd, node_id",
        "nodeid, node_id",
        "NODE_ID, node_id",
        "etcd_hosts_list, etcd_host_list",
        "lease_ttl, lease_ttl_seconds",
        "proxy_timeout, proxy_timeout_seconds",
        "health_check_failure, health_check_failures",
        "strategy_option, strategy_options",
    })
    void typosFindTheirKey(String typo, String key) {
        assertEquals(Optional.of(key), KeySuggestions.closest(typo, ConfigKey.keys()));
    }

    @Test
    void unrelatedKeysFindNothing() {
        assertEquals(Optional.empty(), KeySuggestions.closest("colour", ConfigKey.keys()));
        assertEquals(Optional.empty(), KeySuggestions.closest("ttl", ConfigKey.keys()));
    }

    @Test
    void distanceIsLevenshtein() {
        assertEquals(3, KeySuggestions.distance("kitten", "sitting"));
        assertEquals(0, KeySuggestions.distance("", ""));
        assertEquals(4, KeySuggestions.distance("", "abcd"));
    }
}
