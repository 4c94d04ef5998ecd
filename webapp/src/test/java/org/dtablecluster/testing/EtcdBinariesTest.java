package org.dtablecluster.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class EtcdBinariesTest {

    @Test
    void aMissingEtcdFailsWithAMessageThatSaysHowToInstallIt() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> EtcdBinaries.find("etcd", null, "etcd.bin", "etcd-server", "/nonexistent-a:/nonexistent-b"));
        assertTrue(e.getMessage().contains("bin/run-tests"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install etcd-server"), e.getMessage());
    }

    @Test
    void aConfiguredBinaryThatIsNotExecutableIsNamed() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> EtcdBinaries.find("etcd", "/nonexistent/etcd", "etcd.bin", "etcd-server", "/usr/bin"));
        assertTrue(e.getMessage().contains("-Detcd.bin=/nonexistent/etcd"), e.getMessage());
    }

    @Test
    void findsTheCommandOnThePath() {
        assertEquals("/bin/sh", EtcdBinaries.find("sh", null, "sh.bin", "dash", "/nonexistent:/bin"));
    }
}
