package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigAssertions.ETCD;
import static org.dtablecluster.config.ConfigAssertions.assertRejected;
import static org.dtablecluster.config.ConfigAssertions.parse;
import static org.dtablecluster.config.ConfigAssertions.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TunnelSettingsTest {

    @Test
    void defaultsWhenLeftOut() {
        assertEquals(TunnelSettings.defaults(), parse(ETCD).tunnels());
        assertEquals(new TunnelSettings(Duration.ofSeconds(300), 16 << 20, 10_000, Duration.ofSeconds(10)),
                TunnelSettings.defaults());
    }

    @Test
    void everyKeyIsRead() {
        String body = ETCD + ", \"websocket_idle_timeout_seconds\": 60, \"websocket_max_message_bytes\": 1048576,"
                + " \"websocket_max_tunnels\": 2000, \"websocket_handshake_timeout_seconds\": 3";
        assertEquals(new TunnelSettings(Duration.ofSeconds(60), 1 << 20, 2000, Duration.ofSeconds(3)), parse(body).tunnels());
        assertEquals(List.of(), warnings(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "websocket_idle_timeout_seconds      | 9          | a whole number of seconds from 10 to 86400 (default 300)",
        "websocket_idle_timeout_seconds      | 86401      | a whole number of seconds from 10 to 86400 (default 300)",
        "websocket_handshake_timeout_seconds | 0          | a whole number of seconds from 1 to 300 (default 10)",
        "websocket_max_message_bytes         | 1023       | a whole number from 1024 to 1073741824 (default 16777216)",
        "websocket_max_message_bytes         | 1073741825 | a whole number from 1024 to 1073741824 (default 16777216)",
        "websocket_max_tunnels               | 0          | a whole number from 1 to 1000000 (default 10000)",
        "websocket_max_tunnels               | \"many\"   | a whole number from 1 to 1000000 (default 10000)",
    })
    void outOfRangeIsRefusedNamingTheKey(String key, String value, String expected) {
        assertRejected(ETCD + ", \"" + key + "\": " + value, "cluster_config." + key, "expected " + expected);
    }

    @Test
    void theRecordRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TunnelSettings(Duration.ZERO, 1024, 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new TunnelSettings(Duration.ofSeconds(1), 0, 1, Duration.ofSeconds(1)));
    }
}
