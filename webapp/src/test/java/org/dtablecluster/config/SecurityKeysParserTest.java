package org.dtablecluster.config;

import static org.dtablecluster.config.ConfigAssertions.assertRejected;
import static org.dtablecluster.config.ConfigAssertions.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** admin_allowed_hosts, the etcd TLS files and host names with '_'. */
class SecurityKeysParserTest {

    @TempDir
    Path dir;

    @Test
    void hostNamesWithUnderscoresAreAccepted() {
        assertEquals(List.of(URI.create("http://etcd_1:2379"), URI.create("http://etcd_2:2379")),
                parse("\"etcd_host_list\": [\"etcd_1:2379\", \"etcd_2\"]").etcd().endpoints());
    }

    @Test
    void adminAllowedHostsAreLowercasedAndChecked() {
        assertEquals(Optional.of(List.of("proxy.example.com", "*.corp.example", "*")),
                parse(ConfigAssertions.ETCD + ", \"admin_allowed_hosts\": [\"Proxy.Example.com\", \"*.corp.example\","
                        + " \"*\"]").admin().allowedHosts());
        assertEquals(Optional.empty(), parse(ConfigAssertions.ETCD).admin().allowedHosts());
        assertRejected(ConfigAssertions.ETCD + ", \"admin_allowed_hosts\": []", "cluster_config.admin_allowed_hosts",
                "expected an array of host names");
        assertRejected(ConfigAssertions.ETCD + ", \"admin_allowed_hosts\": [\"http://proxy:5555/\"]",
                "cluster_config.admin_allowed_hosts[0]", "without port or scheme");
    }

    @Test
    void tlsFilesAreReadAndNeedHttpsEndpoints() throws Exception {
        Path ca = pem("ca.pem", "CERTIFICATE");
        Path cert = pem("c.pem", "CERTIFICATE");
        Path key = pem("c.key", "PRIVATE KEY");
        String https = "\"etcd_host_list\": [\"https://etcd_1:2379\"]";
        EtcdTls tls = parse(https + ", \"etcd_ca_file\": \"" + ca + "\", \"etcd_cert_file\": \"" + cert
                + "\", \"etcd_key_file\": \"" + key + "\"").etcd().tls();
        assertEquals(new EtcdTls(Optional.of(ca), Optional.of(cert), Optional.of(key)), tls);

        assertRejected("\"etcd_host_list\": [\"etcd-01\"], \"etcd_ca_file\": \"" + ca + "\"",
                "cluster_config.etcd_host_list[0]", "must be an https:// URL");
        assertRejected(https + ", \"etcd_cert_file\": \"" + cert + "\"", "cluster_config.etcd_key_file",
                "missing: etcd_cert_file is set");
        assertRejected(https + ", \"etcd_ca_file\": \"" + dir.resolve("nope.pem") + "\"", "cluster_config.etcd_ca_file",
                "expected a readable PEM file");
        assertRejected(https + ", \"etcd_ca_file\": \"ca\\u0000.pem\"", "cluster_config.etcd_ca_file",
                "expected a readable PEM file");
        assertRejected(https + ", \"etcd_ca_file\": \"" + key + "\"", "cluster_config.etcd_ca_file",
                "-----BEGIN CERTIFICATE-----");
        Path pkcs1 = pem("rsa.key", "RSA PRIVATE KEY");
        assertRejected(https + ", \"etcd_cert_file\": \"" + cert + "\", \"etcd_key_file\": \"" + pkcs1 + "\"",
                "cluster_config.etcd_key_file", "openssl pkcs8 -topk8 -nocrypt");
    }

    private Path pem(String name, String type) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\nAAAA\n-----END " + type + "-----\n");
    }
}
