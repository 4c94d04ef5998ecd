package org.dtablecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.dtablecluster.testing.EtcdClusterExtension;
import org.dtablecluster.testing.TlsEtcd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy process on the real jetty-home with the security options an operator turns on:
 * HTTPS on the admin port, a realm file others may read, etcd with a password, etcd with client
 * certificates, and etcd reached by a docker-compose style name with an underscore.
 */
class SecuredEndToEndTest {

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.builder().members(1).build();

    @TempDir
    Path work;

    @Test
    void theAdminPortSpeaksTlsWithTheModuleAndWarnsAboutAReadableRealm() throws Exception {
        JettyProcess jetty = JettyProcess.prepare(work, "tls-admin", Clusters.proxyConfig(ETCD),
                "--module=dtable-cluster-admin-tls", "jetty.sslContext.keyStorePath=" + work.resolve("admin.p12"),
                "jetty.sslContext.keyStorePassword=admin-secret");
        keytool("-genkeypair", "-alias", "admin", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", work.resolve("admin.p12").toString(), "-storepass", "admin-secret", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
        Path realm = jetty.base().resolve("etc/dtable-cluster-realm.properties");
        Files.writeString(realm, "admin: s3cret, dtable-cluster-admin\n");
        Files.setPosixFilePermissions(realm, PosixFilePermissions.fromString("rw-r--r--"));
        try (JettyProcess running = jetty.start()) {
            HttpClient tls = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> status = tls.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + running.adminPort() + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create(running.adminUrl() + "/status")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(running.log().contains(realm + " holds admin passwords and every local user may read it"),
                    running.logTail(30));
        }
    }

    @Test
    void aWrongEtcdPasswordStopsJettyWithOneMessage() {
        ETCD.etcdctl("user", "add", "root", "--new-user-password=rootpw");
        ETCD.etcdctl("auth", "enable");
        try {
            JettyProcess jetty = JettyProcess.prepare(work, "wrong-password", """
                    {"cluster_config": {"etcd_host_list": %s, "etcd_user": "root", "etcd_password": "Pw-9f3k2z-wrong"}}"""
                    .formatted(Clusters.endpoints(ETCD)));
            int exit = jetty.runToExit(Duration.ofSeconds(90));
            String log = jetty.log();
            assertNotEquals(0, exit, log);
            assertTrue(log.contains("dtable-cluster cannot start: etcd at [" + ETCD.clientEndpoints().get(0)
                    + "] refused user \"root\": authentication failed; check etcd_user and etcd_password"), log);
            assertFalse(log.contains("Pw-9f3k2z"), "the password is never logged");
        } finally {
            ETCD.etcdctl("--user=root:rootpw", "auth", "disable");
        }
    }

    @Test
    void etcdWithClientCertificatesIsReachedOrRefusedWithOneMessage() throws Exception {
        try (TlsEtcd etcd = TlsEtcd.start(work.resolve("tls-etcd"))) {
            String trusted = tlsConfig(etcd, "client");
            try (JettyProcess jetty = JettyProcess.prepare(work, "tls-etcd-proxy", trusted).start()) {
                HttpResponse<String> status = AdminHttpGet.status(jetty);
                assertEquals(200, status.statusCode(), status.body());
                assertTrue(status.body().contains("\"in_sync\" : true"), status.body());
            }
            JettyProcess untrusted = JettyProcess.prepare(work, "tls-etcd-untrusted", tlsConfig(etcd, "other-client"));
            int exit = untrusted.runToExit(Duration.ofSeconds(90));
            assertNotEquals(0, exit, untrusted.log());
            assertTrue(untrusted.log().contains("dtable-cluster cannot start: TLS with etcd at [" + etcd.endpoint()
                    + "] failed"), untrusted.log());
        }
    }

    @Test
    void anEtcdHostNameWithAnUnderscoreIsReached() throws Exception {
        Path hosts = Files.writeString(work.resolve("hosts"), "127.0.0.1 etcd_1\n");
        int port = ETCD.clientEndpoints().get(0).getPort();
        try (JettyProcess jetty = JettyProcess.prepare(work, "underscore", Clusters.proxyConfig(ETCD)
                .replace(Clusters.endpoints(ETCD), "[\"etcd_1:" + port + "\"]"))
                .jvmArgs("-Djdk.net.hosts.file=" + hosts).start()) {
            HttpResponse<String> status = AdminHttpGet.status(jetty);
            assertEquals(200, status.statusCode(), status.body());
            assertTrue(status.body().contains("\"in_sync\" : true"), status.body());
        }
    }

    private static String tlsConfig(TlsEtcd etcd, String client) {
        return """
                {"cluster_config": {"etcd_host_list": ["%s"], "etcd_ca_file": "%s",
                  "etcd_cert_file": "%s", "etcd_key_file": "%s"}}""".formatted(etcd.endpoint(), etcd.file("ca.pem"),
                etcd.file(client + ".pem"), etcd.file(client + ".key"));
    }

    /** GET /status once the view has read etcd (in_sync), or the last answer after 30 s. */
    static final class AdminHttpGet {
        static HttpResponse<String> status(JettyProcess jetty) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(jetty.adminUrl() + "/status"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"in_sync\" : true") || System.nanoTime() > deadline) {
                    return r;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {all}, new SecureRandom());
        return context;
    }
}
