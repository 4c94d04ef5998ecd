/**
 * {@code dtable_server_config.json} read once at start-up into typed values: strings in, checked
 * records out, one error naming the file, the key and what was expected.
 *
 * <ul>
 *   <li>{@code ClusterConfigLoader} finds and reads the file ({@code ConfigFileLocator}: the
 *       {@code dtable.cluster.config} setting, then {@code DTABLE_SERVER_CONFIG}); the JSON may
 *       hold {@code //} comments ({@code ClusterConfigJson}).</li>
 *   <li>{@code ClusterConfigParser} turns {@code cluster_config} into a {@code ClusterConfig}:
 *       roles, {@code EtcdSettings} (endpoints, credentials, TLS), {@code NodeSettings},
 *       {@code MonitorSettings} (with the bounds of every monitor setting),
 *       {@code ProxySettings}, {@code TunnelSettings}, {@code AdminSettings} and
 *       {@code HandoffSettings} (fencing, handoffs and held requests, for every role).
 *       {@code ConfigKey} lists every key; an unknown one is warned about with the nearest
 *       known name ({@code KeySuggestions}).</li>
 *   <li>{@code Ports}: the proxy and admin ports, from the settings a deployed WAR sees.</li>
 * </ul>
 */
package org.dtablecluster.config;
