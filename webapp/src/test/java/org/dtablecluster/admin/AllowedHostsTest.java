package org.dtablecluster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedHostsTest {

    private static final AllowedHosts DEFAULT = AllowedHosts.of(Optional.empty(), Set.of("proxy-01.corp.example"));

    @ParameterizedTest
    @ValueSource(strings = {"proxy:5555", "proxy", "127.0.0.1:5555", "10.0.0.7", "[::1]:5555", "localhost:5555",
        "LOCALHOST", "a.localhost", "proxy-01.corp.example:5555", "proxy-01.corp.example.", "etcd_1", ""})
    void theDefaultAllowsWhatAnOperatorTypes(String host) {
        assertTrue(DEFAULT.allows(host), host);
        assertTrue(DEFAULT.allows(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:5555", "rebind.attacker.test", "127.0.0.1.nip.io:5555", "proxy.corp.example"})
    void theDefaultRefusesNamesAnAttackerCouldOwn(String host) {
        assertFalse(DEFAULT.allows(host), host);
    }

    @Test
    void aConfiguredListAllowsExactlyItsNames() {
        AllowedHosts listed = AllowedHosts.of(Optional.of(List.of("proxy.example.com", "*.internal.example")), Set.of());
        assertTrue(listed.allows("proxy.example.com:5555"));
        assertTrue(listed.allows("a.b.internal.example"));
        assertFalse(listed.allows("internal.example"));
        assertFalse(listed.allows("127.0.0.1:5555"));
        assertFalse(listed.allows("proxy"));
        assertTrue(AllowedHosts.of(Optional.of(List.of("*")), Set.of()).allows("anything.example"));
    }

    @Test
    void aRealmWithPasswordsThatOthersMayReadIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path realm = dir.resolve("realm.properties");
        Files.writeString(realm, "admin: secret, dtable-cluster-admin\n");
        Files.setPosixFilePermissions(realm, PosixFilePermissions.fromString("rw-r--r--"));
        AdminAccess access = AdminAccess.of(RealmFile.read(realm));
        assertTrue(access.readableByOthersWarning(realm).orElseThrow().contains("chmod 640 " + realm));

        Files.setPosixFilePermissions(realm, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(Optional.empty(), access.readableByOthersWarning(realm));

        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "# no user\n");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.empty(), AdminAccess.of(RealmFile.read(empty)).readableByOthersWarning(empty));
    }
}
