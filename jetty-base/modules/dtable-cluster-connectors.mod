# DO NOT EDIT - dtable-cluster's connector layout; override properties in start.d/ instead.

[description]
Names the HTTP connector "proxy" (internal traffic, port 5550) and adds the connector "admin"
(rebalance, status, Jolokia; port 5555). dtable-cluster serves no admin path on "proxy" and no
proxy traffic on "admin".

[tags]
dtable-cluster
connector

[depend]
http

[xml]
etc/dtable-cluster-connectors.xml

[ini-template]
## The address the admin connector binds to (empty: every address).
# dtable.cluster.admin.host=
## The admin port: POST /rebalance/, GET /status, /jolokia/.
# dtable.cluster.admin.port=5555
