# DO NOT EDIT - dtable-cluster's module; configure it in start.d/dtable-cluster.ini.

[description]
dtable-cluster: routes SeaTable's internal requests to the dtable-server that owns each base,
assigns the 256 base buckets through etcd, and registers dtable-servers (node agent).
Deploys webapps/dtable-cluster.xml (the WAR in wars/) and creates lib/dtable-cluster-plugins/,
the folder for assignment-strategy plugin jars. The WAR opens those jars in a class loader of
their own (parent: the webapp's), so they are deliberately NOT on any server classpath.

[tags]
dtable-cluster

[environment]
ee10

[depend]
ee10-deploy
dtable-cluster-connectors
# WebSocket tunnels on the proxy port: the upgrade runs on the server's own ee10 WebSocket
# classes, and the WAR connects to the dtable-servers with the server's WebSocket client, so
# both come from jetty-home, not from the WAR.
ee10-websocket-jetty
ee10-websocket-jetty-client-webapp
dtable-cluster-errors

[files]
lib/dtable-cluster-plugins/

[ini-template]
## The dtable_server_config.json to read. A config with node_id runs the node agent;
## one without runs the proxy and the monitor.
## Unset, the WAR reads DTABLE_SERVER_CONFIG, else ${jetty.base}/etc/dtable_server_config.json.
# -Ddtable.cluster.config=/path/to/dtable_server_config.json
## Assignment-strategy plugin jars (plugins/README.md). Unset, the WAR uses
## ${jetty.base}/lib/dtable-cluster-plugins when that folder exists.
-Ddtable.cluster.plugins.dir=${jetty.base}/lib/dtable-cluster-plugins
