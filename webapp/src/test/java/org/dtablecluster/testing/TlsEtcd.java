package org.dtablecluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-member etcd that speaks only TLS on its client port and asks every client for a
 * certificate signed by its CA ({@code --client-cert-auth}). The certificates are made with the
 * {@code openssl} command in a folder of the test's: a CA, etcd's certificate for 127.0.0.1, a
 * client certificate from that CA, and a second CA with its own client certificate, which etcd
 * does not trust. Keys are unencrypted PKCS#8, as dtable-cluster reads them.
 */
public final class TlsEtcd implements AutoCloseable {

    private final Path dir;
    private final int clientPort;
    private final Process process;

    private TlsEtcd(Path dir, int clientPort, Process process) {
        this.dir = dir;
        this.clientPort = clientPort;
        this.process = process;
    }

    /** Makes the certificates in {@code dir} and starts etcd; waits until its port accepts. */
    public static TlsEtcd start(Path dir) {
        makeCertificates(dir);
        int clientPort = freePort();
        int peerPort = freePort();
        String client = "https://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(List.of(EtcdBinaries.etcd(), "--name", "tls",
                "--data-dir", dir.resolve("data").toString(), "--logger=zap", "--log-outputs=stderr",
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "tls=" + peer,
                "--cert-file", dir.resolve("server.pem").toString(), "--key-file", dir.resolve("server.key").toString(),
                "--trusted-ca-file", dir.resolve("ca.pem").toString(), "--client-cert-auth"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("etcd.log").toFile()).start();
            ProcessReaper.register(process);
            TlsEtcd etcd = new TlsEtcd(dir, clientPort, process);
            Poll.until(Duration.ofSeconds(20), etcd::accepts, "TLS etcd accepts connections on " + clientPort);
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + clientPort);
    }

    /** A file made by {@link #start}: {@code ca.pem}, {@code client.pem}/{@code .key}, {@code other-ca.pem}, {@code other-client.pem}/{@code .key}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessReaper.forget(process);
    }

    private static void makeCertificates(Path dir) {
        ca(dir, "ca");
        ca(dir, "other-ca");
        signed(dir, "server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
        signed(dir, "client", "ca", "extendedKeyUsage=clientAuth");
        signed(dir, "other-client", "other-ca", "extendedKeyUsage=clientAuth");
    }

    private static void ca(Path dir, String name) {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-keyout", name + ".key", "-out", name + ".pem");
    }

    private static void signed(Path dir, String name, String ca, String extensions) {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                "-keyout", name + ".key", "-out", name + ".csr");
        try {
            java.nio.file.Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            java.nio.file.Files.createDirectories(dir);
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed; see " + dir.resolve("openssl.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
