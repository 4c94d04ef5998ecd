package org.dtablecluster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.dtablecluster.etcd.EtcdClients;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdEndpointTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "etcd-01.example.com                | http://etcd-01.example.com:2379",
        "etcd-01.example.com:2379           | http://etcd-01.example.com:2379",
        "etcd-01:12379                      | http://etcd-01:12379",
        "'  etcd-01  '                      | http://etcd-01:2379",
        "127.0.0.1                          | http://127.0.0.1:2379",
        "[::1]                              | http://[::1]:2379",
        "[::1]:2379                         | http://[::1]:2379",
        "[fe80::1]:32379                    | http://[fe80::1]:32379",
        "http://etcd-01                     | http://etcd-01:2379",
        "https://etcd-01.example.com:2379/  | https://etcd-01.example.com:2379",
        "HTTPS://etcd-01                    | https://etcd-01:2379",
        "https://[::1]                      | https://[::1]:2379",
        "etcd_1                             | http://etcd_1:2379",
        "etcd_1:2379                        | http://etcd_1:2379",
        "https://seatable_etcd_2.internal:32379 | https://seatable_etcd_2.internal:32379",
    })
    void acceptedFormsAreNormalised(String entry, String expected) {
        URI uri = EtcdEndpoint.parse(entry);

        assertEquals(URI.create(expected), uri);
        assertTrue(uri.getRawAuthority().endsWith(":" + EtcdClients.port(uri)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                         | it is empty",
        "'   '                      | it is empty",
        "etcd-01:0                  | the port must be a number from 1 to 65535",
        "etcd-01:65536              | the port must be a number from 1 to 65535",
        "etcd-01:-1                 | the port must be a number from 1 to 65535",
        "etcd-01:2379x              | the port must be a number from 1 to 65535",
        ":2379                      | the host is missing",
        "http://                    | the host is missing",
        "::1                        | write an IPv6 address in brackets",
        "fe80::1:2379               | write an IPv6 address in brackets",
        "[::1                       | is not a host name or IP address",
        "[zz::1]:2379               | is not a host name or IP address",
        "etcd_01:-1                 | the port must be a number from 1 to 65535",
        "-etcd_01:2379              | is not a host name or IP address",
        "etcd_01..x                 | is not a host name or IP address",
        "etcd 01                    | is not a host name or IP address",
        "grpc://etcd-01:2379        | the scheme must be http or https",
        "http://etcd-01:2379/v3     | an etcd address has no path",
        "http://root:pw@etcd-01     | credentials belong in etcd_user and etcd_password",
    })
    void malformedEntriesSayWhy(String entry, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EtcdEndpoint.parse(entry));

        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
