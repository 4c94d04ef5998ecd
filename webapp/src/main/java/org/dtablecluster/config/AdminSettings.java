package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The admin port's settings from {@code cluster_config}.
 *
 * @param allowedHosts {@code admin_allowed_hosts}: the {@code Host} names the admin port answers
 *     (lowercase, no port; {@code *} any; {@code *.example.com} any subdomain); empty means the
 *     default rule of {@code org.dtablecluster.admin.AllowedHosts}
 * @param advertiseUrl {@code admin_advertise_url}: where the other proxies reach this one's admin
 *     port while it leads; empty means {@code http://<local host name>:<admin port>/}
 */
public record AdminSettings(Optional<List<String>> allowedHosts, Optional<URI> advertiseUrl) {

    public static final AdminSettings DEFAULT = new AdminSettings(Optional.empty(), Optional.empty());

    public AdminSettings {
        allowedHosts = requireNonNull(allowedHosts, "allowedHosts is null").map(List::copyOf);
        requireNonNull(advertiseUrl, "advertiseUrl is null");
    }

    public AdminSettings(Optional<List<String>> allowedHosts) {
        this(allowedHosts, Optional.empty());
    }
}
