package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to reach etcd.
 *
 * @param endpoints {@code etcd_host_list}, each normalised to {@code http(s)://host:port}
 * @param keyPrefix {@code key_prefix}: prepended to every key we read or write; empty by default
 * @param user {@code etcd_user}, for etcd's own authentication
 * @param password {@code etcd_password}
 * @param connectTimeout {@code etcd_connect_timeout_seconds}
 * @param tls {@code etcd_ca_file}, {@code etcd_cert_file}, {@code etcd_key_file}; the endpoints
 *     are {@code https://} whenever it is configured
 */
public record EtcdSettings(
        List<URI> endpoints,
        String keyPrefix,
        Optional<String> user,
        Optional<String> password,
        Duration connectTimeout,
        EtcdTls tls) {

    public EtcdSettings {
        endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints is empty");
        }
        requireNonNull(keyPrefix, "keyPrefix is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(tls, "tls is null");
        if (tls.isConfigured() && endpoints.stream().anyMatch(e -> !"https".equalsIgnoreCase(e.getScheme()))) {
            throw new IllegalArgumentException("TLS files are set, so every endpoint must be https://");
        }
    }

    /** Without TLS files. */
    public EtcdSettings(List<URI> endpoints, String keyPrefix, Optional<String> user, Optional<String> password,
            Duration connectTimeout) {
        this(endpoints, keyPrefix, user, password, connectTimeout, EtcdTls.NONE);
    }

    /** Never shows the password: configs get logged. */
    @Override
    public String toString() {
        return "EtcdSettings[endpoints=" + endpoints + ", keyPrefix=" + keyPrefix + ", user=" + user
                + ", password=" + password.map(secret -> "****") + ", connectTimeout=" + connectTimeout + ", tls=" + tls + "]";
    }
}
