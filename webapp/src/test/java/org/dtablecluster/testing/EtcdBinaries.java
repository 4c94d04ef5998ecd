package org.dtablecluster.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;

/** Finds {@code etcd} and {@code etcdctl}: system properties {@code etcd.bin} / {@code etcdctl.bin}, else the PATH. */
final class EtcdBinaries {

    private EtcdBinaries() {
    }

    static String etcd() {
        return find("etcd", System.getProperty("etcd.bin"), "etcd.bin", "etcd-server", System.getenv("PATH"));
    }

    static String etcdctl() {
        return find("etcdctl", System.getProperty("etcdctl.bin"), "etcdctl.bin", "etcd-client", System.getenv("PATH"));
    }

    /** Fails the test, not just this class, with a message that says how to get etcd. */
    static void requireInstalled() {
        etcd();
        etcdctl();
    }

    static String find(String command, String configured, String property, String debianPackage, String path) {
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                Assertions.fail("-D" + property + "=" + configured + " is not an executable file");
            }
            return configured;
        }
        return onPath(command, path).orElseGet(() -> Assertions.fail(
                "'" + command + "' is not installed (not on PATH). The integration tests need a real etcd: "
                        + "run bin/run-tests, which installs it, or install it yourself with "
                        + "'apt-get install etcd-server etcd-client' (Debian's " + debianPackage
                        + " package provides " + command + "), or point -D" + property + " at the binary."));
    }

    private static Optional<String> onPath(String command, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
