# DO NOT EDIT - dtable-cluster's error answers and URI rules; configure them in start.d/dtable-cluster.ini.

[description]
Every answer Jetty makes itself (a bad or ambiguous URI, a URI or headers too large, a body too
large) becomes dtable-cluster's JSON, {"error": "<code>", "message": ..., "status": ...}, instead
of an HTML page. Also lets a path with "//" through to dtable-cluster, which merges the slashes
the way nginx's merge_slashes does (SeaTable joins a URL ending in "/" with a path starting
with "/"); percent-encoded "/", "." and ";" segments stay refused (400 ambiguous_uri).

[tags]
dtable-cluster

[depend]
server

[lib]
lib/dtable-cluster/*.jar

[xml]
etc/dtable-cluster-errors.xml

[ini]
jetty.httpConfig.uriCompliance=DEFAULT,AMBIGUOUS_EMPTY_SEGMENT
