package org.dtablecluster.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In an instance field, each test gets a fresh single-member cluster. */
class EtcdClusterExtensionPerTestTest {

    @RegisterExtension
    final EtcdClusterExtension etcd = EtcdClusterExtension.builder().build();

    @RepeatedTest(2)
    void startsEmpty() {
        assertEquals(1, etcd.members().size());
        // the first repetition writes the key; a shared cluster would show it to the second
        assertEquals("", etcd.etcdctl("get", "per-test/marker"));
        etcd.etcdctl("put", "per-test/marker", "written");
    }
}
