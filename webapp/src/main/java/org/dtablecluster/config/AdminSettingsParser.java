package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigKey.ADMIN_ADVERTISE_URL;
import static org.dtablecluster.config.ConfigKey.ADMIN_ALLOWED_HOSTS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@link AdminSettings}: {@code admin_allowed_hosts}, {@code admin_advertise_url}. */
final class AdminSettingsParser {

    private static final String EXPECTED = "expected an array of host names such as [\"proxy.example.com\","
            + " \"*.internal.example.com\"] or [\"*\"] for any";

    private AdminSettingsParser() {
    }

    static AdminSettings parse(ConfigSection section) {
        return new AdminSettings(allowedHosts(section), section.httpUrl(ADMIN_ADVERTISE_URL));
    }

    private static Optional<List<String>> allowedHosts(ConfigSection section) {
        Optional<JsonNode> value = section.value(ADMIN_ALLOWED_HOSTS);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JsonNode list = value.get();
        if (!list.isArray() || list.isEmpty()) {
            throw section.error(ADMIN_ALLOWED_HOSTS, EXPECTED + ", got "
                    + (list.isArray() ? "[]" : ConfigSection.describe(list)));
        }
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String host = entry.isTextual() ? entry.textValue().strip().toLowerCase(Locale.ROOT) : "";
            if (!host.matches("\\*|(\\*\\.)?[a-z0-9_.:\\[\\]-]+")) {
                throw section.error(ADMIN_ALLOWED_HOSTS.path() + "[" + i + "]", EXPECTED + ", without port or"
                        + " scheme, got " + ConfigSection.describe(entry));
            }
            hosts.add(host);
        }
        return Optional.of(hosts);
    }
}
