package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards etcd beyond the JVM's defaults: the CA that signed etcd's certificate, and the
 * client certificate etcd asks for when it runs with {@code --client-cert-auth}.
 *
 * @param caFile {@code etcd_ca_file}: PEM certificates to trust; none means the JVM's trust store
 * @param certFile {@code etcd_cert_file}: this client's PEM certificate (chain)
 * @param keyFile {@code etcd_key_file}: its unencrypted PKCS#8 PEM private key
 */
public record EtcdTls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

    /** Nothing beyond the JVM's trust store (and plain http when the endpoints say so). */
    public static final EtcdTls NONE = new EtcdTls(Optional.empty(), Optional.empty(), Optional.empty());

    public EtcdTls {
        requireNonNull(caFile, "caFile is null");
        requireNonNull(certFile, "certFile is null");
        requireNonNull(keyFile, "keyFile is null");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
    }

    public boolean isConfigured() {
        return caFile.isPresent() || certFile.isPresent();
    }
}
