/**
 * Test support: real etcd processes, faults, and waiting without fixed sleeps.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().members(3).build();
 *
 * Client client = etcd.newClient();                    // closed with the cluster
 * EtcdSettings settings = etcd.settings("my-prefix/"); // for code under test
 * etcd.etcdctl("get", "assign-0f");                    // "assign-0f\ndtable-server-01\n", as dtable-web reads it
 * etcd.member(0).kill();  etcd.awaitLeader(timeout);  etcd.member(0).start();
 * etcd.restartAll();                                   // same ports, same data
 * try (TcpRelay p = TcpRelay.to(etcd.member(0).clientEndpoint())) { p.cut(); p.restore(); }
 * Poll.until(timeout, view::isConnected, "view should reconnect");
 * }</pre>
 *
 * etcd must be installed ({@code bin/run-tests} installs it); data directories live on
 * {@code /dev/shm} when possible and are deleted afterwards; logs stay in {@code target/etcd-logs/}.
 */
package org.dtablecluster.testing;
