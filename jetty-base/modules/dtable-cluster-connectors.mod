# DO NOT EDIT - dtable-cluster's connector layout; set the ports in start.d/dtable-cluster-connectors.ini.

[description]
Names the HTTP connector "proxy" (internal traffic, port 5550) and adds the connector "admin"
(rebalance, status, Jolokia; port 5555). dtable-cluster serves no admin path on "proxy" and no
proxy traffic on "admin". The ports are the system properties dtable.cluster.proxy.port and
dtable.cluster.admin.port (jetty.http.port is ignored), because the WAR reads them too.

[tags]
dtable-cluster
connector

[depend]
http

[xml]
etc/dtable-cluster-connectors.xml

[ini-template]
## Internal traffic from dtable-web, dtable-events and dtable-db (DTABLE_PROXY_SERVER_URL).
-Ddtable.cluster.proxy.port=5550
## Admin: GET / (bucket map), GET /status, GET /bases/{uuid}, POST /rebalance/, /jolokia/.
## Admin users: etc/dtable-cluster-realm.properties. It has none as shipped, which leaves the
## admin port open (Jolokia exec refused); add one to require it for POST /rebalance/ and /jolokia/.
-Ddtable.cluster.admin.port=5555
## The address the admin connector binds to (unset: every address).
# -Ddtable.cluster.admin.host=
