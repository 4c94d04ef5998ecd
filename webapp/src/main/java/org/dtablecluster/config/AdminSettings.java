package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The admin port's settings from {@code cluster_config}.
 *
 * @param allowedHosts {@code admin_allowed_hosts}: the {@code Host} names the admin port answers
 *     (lowercase, no port; {@code *} any; {@code *.example.com} any subdomain); empty means the
 *     default rule of {@code org.dtablecluster.admin.AllowedHosts}
 */
public record AdminSettings(Optional<List<String>> allowedHosts) {

    public static final AdminSettings DEFAULT = new AdminSettings(Optional.empty());

    public AdminSettings {
        allowedHosts = requireNonNull(allowedHosts, "allowedHosts is null").map(List::copyOf);
    }
}
