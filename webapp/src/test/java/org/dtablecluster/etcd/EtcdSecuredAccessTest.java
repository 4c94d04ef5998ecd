package org.dtablecluster.etcd;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.config.EtcdSettings;
import org.dtablecluster.config.EtcdTls;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.TlsEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Credentials and client certificates against a real etcd: accepted when right, one message when not. */
class EtcdSecuredAccessTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().build();

    @TempDir
    static Path work;

    static TlsEtcd tls;

    @BeforeAll
    static void startTlsEtcd() {
        tls = TlsEtcd.start(work.resolve("tls"));
    }

    @AfterAll
    static void stopTlsEtcd() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void aWrongPasswordStopsTheClientWithOneMessage() {
        ETCD.etcdctl("user", "add", "root", "--new-user-password=rootpw");
        ETCD.etcdctl("auth", "enable");
        try {
            EtcdSettings wrong = new EtcdSettings(ETCD.settings("").endpoints(), "", Optional.of("root"),
                    Optional.of("not-the-password"), Duration.ofSeconds(3));
            EtcdAccessException e = assertThrows(EtcdAccessException.class, () -> EtcdClients.create(wrong).close());
            assertTrue(e.getMessage().contains("refused user \"root\": authentication failed; check etcd_user and"
                    + " etcd_password"), e.getMessage());
        } finally {
            ETCD.etcdctl("--user=root:rootpw", "auth", "disable");
        }
    }

    @Test
    void credentialsForAnEtcdWithoutAuthAreAMistakeToo() {
        EtcdSettings needless = new EtcdSettings(ETCD.settings("").endpoints(), "", Optional.of("root"),
                Optional.of("x"), Duration.ofSeconds(3));
        EtcdAccessException e = assertThrows(EtcdAccessException.class, () -> EtcdClients.create(needless).close());
        assertTrue(e.getMessage().contains("has authentication disabled"), e.getMessage());
    }

    @Test
    void aClientCertificateSignedByEtcdsCaIsAccepted() throws Exception {
        try (Client client = EtcdClients.create(settings("ca.pem", "client"))) {
            client.getKVClient().put(bytes("tls/k"), bytes("v")).get(10, TimeUnit.SECONDS);
            assertEquals(1, client.getKVClient().get(bytes("tls/k")).get(10, TimeUnit.SECONDS).getCount());
        }
    }

    @Test
    void aClientCertificateEtcdDoesNotTrustStopsTheClientWithOneMessage() {
        EtcdAccessException e = assertThrows(EtcdAccessException.class,
                () -> EtcdClients.create(settings("ca.pem", "other-client")).close());
        assertTrue(e.getMessage().startsWith("TLS with etcd at [" + tls.endpoint() + "] failed"), e.getMessage());
    }

    @Test
    void anEtcdCertificateOurCaDidNotSignStopsTheClientWithOneMessage() {
        EtcdAccessException e = assertThrows(EtcdAccessException.class,
                () -> EtcdClients.create(settings("other-ca.pem", "client")).close());
        assertTrue(e.getMessage().contains("check that etcd_ca_file signed etcd's certificate"), e.getMessage());
    }

    private static EtcdSettings settings(String ca, String client) {
        return new EtcdSettings(List.of(tls.endpoint()), "", Optional.empty(), Optional.empty(), Duration.ofSeconds(3),
                new EtcdTls(Optional.of(tls.file(ca)), Optional.of(tls.file(client + ".pem")),
                        Optional.of(tls.file(client + ".key"))));
    }
}
