package org.dtablecluster.etcd;

import static org.dtablecluster.etcd.EtcdClients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dtablecluster.config.EtcdSettings;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdClientsTest {

    @RegisterExtension
    static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    @Test
    void reachesEtcdWithUserAndPassword() throws Exception {
        etcd.etcdctl("user", "add", "root", "--new-user-password=rootpw");
        etcd.etcdctl("auth", "enable");
        try {
            EtcdSettings plain = etcd.settings("");
            EtcdSettings withAuth = new EtcdSettings(plain.endpoints(), "", Optional.of("root"), Optional.of("rootpw"),
                    Duration.ofSeconds(5));
            try (Client client = EtcdClients.create(withAuth)) {
                client.getKVClient().put(bytes("auth/k"), bytes("v")).get(5, TimeUnit.SECONDS);
                assertEquals(1, client.getKVClient().get(bytes("auth/k")).get(5, TimeUnit.SECONDS).getCount());
            }
            try (Client anonymous = EtcdClients.create(plain)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> anonymous.getKVClient().get(bytes("auth/k")).get(5, TimeUnit.SECONDS));
                assertTrue(String.valueOf(e.getCause().getMessage()).contains("user name is empty"),
                        String.valueOf(e.getCause()));
            }
        } finally {
            etcd.etcdctl("--user=root:rootpw", "auth", "disable");
        }
    }

    @Test
    void failsFastWhenNoEtcdAnswers() throws Exception {
        EtcdSettings nowhere = new EtcdSettings(List.of(URI.create("http://127.0.0.1:" + unusedPort())), "",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(1));
        try (Client client = EtcdClients.create(nowhere)) {
            long start = System.nanoTime();
            assertThrows(ExecutionException.class,
                    () -> client.getKVClient().get(bytes("k")).get(20, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("a read with no etcd reachable failed after " + millis + " ms");
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
    }

    @Test
    void rejectsSettingsItCannotHonour() {
        EtcdSettings mixed = new EtcdSettings(List.of(URI.create("http://a:2379"), URI.create("https://b:2379")), "",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> EtcdClients.builder(mixed));
        EtcdSettings userOnly = new EtcdSettings(List.of(URI.create("http://a:2379")), "",
                Optional.of("root"), Optional.empty(), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> EtcdClients.builder(userOnly));
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
