package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigKey.ETCD_CA_FILE;
import static org.dtablecluster.config.ConfigKey.ETCD_CERT_FILE;
import static org.dtablecluster.config.ConfigKey.ETCD_CONNECT_TIMEOUT_SECONDS;
import static org.dtablecluster.config.ConfigKey.ETCD_HOST_LIST;
import static org.dtablecluster.config.ConfigKey.ETCD_KEY_FILE;
import static org.dtablecluster.config.ConfigKey.ETCD_PASSWORD;
import static org.dtablecluster.config.ConfigKey.ETCD_USER;
import static org.dtablecluster.config.ConfigKey.KEY_PREFIX;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.dtablecluster.view.NodeId;

/** Reads {@link EtcdSettings}: {@code etcd_host_list}, {@code key_prefix}, credentials, TLS files, timeout. */
final class EtcdSettingsParser {

    static final String EXPECTED_ENTRY =
            "expected host, host:port or http(s)://host:port (default port 2379), such as \"etcd-01.example.com:2379\"";
    /** Root-level key ranges scanned by dtable-web and by a cluster without a prefix. */
    private static final List<String> RESERVED_STARTS = List.of(NodeId.PREFIX, "assign-", "dtable-cluster/");

    private EtcdSettingsParser() {
    }

    static EtcdSettings parse(ConfigSection section, Consumer<String> warnings) {
        List<URI> endpoints = endpoints(section, warnings);
        String keyPrefix = keyPrefix(section);
        Optional<String> user = section.nonBlankString(ETCD_USER);
        Optional<String> password = section.string(ETCD_PASSWORD);
        if (user.isPresent() && password.isEmpty()) {
            throw section.missing(ETCD_PASSWORD, "etcd_user is set, so etcd_password is required too");
        }
        if (password.isPresent() && user.isEmpty()) {
            throw section.missing(ETCD_USER, "etcd_password is set, so etcd_user is required too");
        }
        return new EtcdSettings(endpoints, keyPrefix, user, password,
                section.seconds(ETCD_CONNECT_TIMEOUT_SECONDS, 5, 1, 300), tls(section, endpoints));
    }

    /** The files are read here, once, so a wrong path is a config error and not a TLS failure later. */
    private static EtcdTls tls(ConfigSection section, List<URI> endpoints) {
        Optional<Path> ca = pemFile(section, ETCD_CA_FILE, "CERTIFICATE");
        Optional<Path> cert = pemFile(section, ETCD_CERT_FILE, "CERTIFICATE");
        Optional<Path> key = pemFile(section, ETCD_KEY_FILE, "PRIVATE KEY");
        if (cert.isPresent() && key.isEmpty()) {
            throw section.missing(ETCD_KEY_FILE, "etcd_cert_file is set, so its private key is required too");
        }
        if (key.isPresent() && cert.isEmpty()) {
            throw section.missing(ETCD_CERT_FILE, "etcd_key_file is set, so its certificate is required too");
        }
        EtcdTls tls = new EtcdTls(ca, cert, key);
        if (tls.isConfigured()) {
            for (int i = 0; i < endpoints.size(); i++) {
                if (!"https".equals(endpoints.get(i).getScheme())) {
                    throw section.error(ETCD_HOST_LIST.path() + "[" + i + "]", "etcd TLS files are set, so every"
                            + " entry must be an https:// URL, such as \"https://etcd-01.example.com:2379\", got "
                            + endpoints.get(i));
                }
            }
        }
        return tls;
    }

    /** A readable PEM file holding a {@code -----BEGIN <type>-----} block. */
    private static Optional<Path> pemFile(ConfigSection section, ConfigKey key, String type) {
        Optional<String> name = section.nonBlankString(key);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        String text;
        try {
            // a name Path.of refuses (a NUL in it) is as unreadable as a missing file
            file = Path.of(name.get());
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            throw section.error(key, "expected a readable PEM file, cannot read \"" + ConfigSection.shorten(name.get())
                    + "\": " + e);
        }
        if (type.equals("PRIVATE KEY") && (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY"))) {
            throw section.error(key, "expected an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----), got a PKCS#1/SEC1"
                    + " key; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        if (!text.contains("-----BEGIN " + type + "-----")) {
            throw section.error(key, "expected a PEM file with -----BEGIN " + type + "-----, \""
                    + ConfigSection.shorten(name.get()) + "\" has none");
        }
        return Optional.of(file);
    }

    private static List<URI> endpoints(ConfigSection section, Consumer<String> warnings) {
        JsonNode list = section.value(ETCD_HOST_LIST).orElseThrow(() -> section.missing(ETCD_HOST_LIST,
                "required: the etcd servers, such as [\"etcd-01.example.com:2379\"]"));
        if (!list.isArray() || list.isEmpty()) {
            throw section.error(ETCD_HOST_LIST, "expected a non-empty array of etcd servers, such as"
                    + " [\"etcd-01.example.com:2379\"], got " + (list.isArray() ? "[]" : ConfigSection.describe(list)));
        }
        List<URI> endpoints = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = ETCD_HOST_LIST.path() + "[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isTextual()) {
                throw section.error(key, EXPECTED_ENTRY + ", got " + ConfigSection.describe(entry));
            }
            URI endpoint;
            try {
                endpoint = EtcdEndpoint.parse(entry.textValue());
            } catch (IllegalArgumentException e) {
                throw section.error(key, EXPECTED_ENTRY + ", got \""
                        + ConfigSection.shorten(entry.textValue()) + "\": " + e.getMessage());
            }
            if (endpoints.contains(endpoint)) {
                warnings.accept(section.warning(key, endpoint + " is listed twice"));
            } else {
                endpoints.add(endpoint);
            }
        }
        return endpoints;
    }

    private static String keyPrefix(ConfigSection section) {
        String prefix = section.string(KEY_PREFIX).orElse("");
        if (!prefix.matches("[A-Za-z0-9._/-]*")) {
            throw section.error(KEY_PREFIX, "expected only letters, digits, '.', '_', '-' and '/', such as"
                    + " \"team-a/\", got \"" + ConfigSection.shorten(prefix) + "\"");
        }
        for (String reserved : RESERVED_STARTS) {
            if (prefix.startsWith(reserved)) {
                throw section.error(KEY_PREFIX, "must not start with \"" + NodeId.PREFIX + "\", \"assign-\" or"
                        + " \"dtable-cluster/\" (dtable-web and unprefixed clusters scan those), such as"
                        + " \"team-a/\", got \"" + ConfigSection.shorten(prefix) + "\"");
            }
        }
        return prefix;
    }
}
