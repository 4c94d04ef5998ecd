# DO NOT EDIT - dtable-cluster's HTTPS for the admin port; configure it in start.d/dtable-cluster-admin-tls.ini.

[description]
Makes dtable-cluster's admin connector (port 5555: rebalance, status, Jolokia) speak HTTPS only.
The proxy connector is unchanged. The certificate comes from Jetty's ssl-context settings
(jetty.sslContext.keyStorePath, jetty.sslContext.keyStorePassword, ...).

[tags]
dtable-cluster
connector
ssl

[depend]
dtable-cluster-connectors
ssl-context

[xml]
etc/dtable-cluster-admin-tls.xml

[ini-template]
## The admin port's key store (PKCS12), relative to jetty.base, and its password. Make one with:
##   keytool -genkeypair -alias admin -keyalg RSA -storetype PKCS12 -keystore etc/dtable-cluster-admin.p12 \
##           -dname CN=proxy.example.com -ext SAN=dns:proxy.example.com,ip:10.0.0.5
jetty.sslContext.keyStorePath=etc/dtable-cluster-admin.p12
# jetty.sslContext.keyStorePassword=
