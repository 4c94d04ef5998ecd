/**
 * Finding assignment strategies: {@link org.dtablecluster.plugins.StrategyRegistry} lists what a
 * class loader's {@code ServiceLoader} sees and configures the one the settings name;
 * {@link org.dtablecluster.plugins.PluginLoader} opens the plugin folder (one class loader per
 * jar, the SPI shared with the WAR). The monitor asks; nothing here talks to etcd.
 */
package org.dtablecluster.plugins;
